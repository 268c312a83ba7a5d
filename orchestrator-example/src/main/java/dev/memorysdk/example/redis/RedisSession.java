package dev.memorysdk.example.redis;

import dev.memorysdk.Interaction;
import java.time.Duration;
import java.util.List;

/**
 * One Redis key read as a session.
 *
 * @param key       the Redis key
 * @param sessionId the session it becomes
 * @param turns     its turns, oldest first
 * @param ttl       the key's remaining TTL, or {@code null} when it has none
 */
public record RedisSession(String key, String sessionId, List<Interaction> turns, Duration ttl) {

    /** Copies the turns. */
    public RedisSession {
        turns = List.copyOf(turns);
    }
}
