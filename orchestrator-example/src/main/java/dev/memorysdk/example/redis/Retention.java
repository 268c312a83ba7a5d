package dev.memorysdk.example.redis;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How long imported turns are kept, the one rule both the import and {@code --verify} follow. A key
 * with an expiry keeps it: the session's TTL is the key's remaining time plus the age of its oldest
 * turn, since turns expire a TTL after their own timestamp. A key without an expiry was kept by Redis
 * forever, so its session gets {@code withoutExpiry}: the longest TTL the store allows unless the user
 * chose a retention. Of what is kept, the store holds the last {@code maxTurns}. Immutable and
 * thread-safe.
 *
 * @param withoutExpiry the TTL of sessions whose key had no expiry, from 1 second to {@link MemoryConfig#MAX_TTL}
 * @param maxTurns      the store's cap on turns per session, at least 1
 */
public record Retention(Duration withoutExpiry, int maxTurns) {

    /** What a key without expiry keeps when the user chose no retention: as long as the store allows. */
    public static final Duration KEEP_AS_LONG_AS_POSSIBLE = MemoryConfig.MAX_TTL;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code withoutExpiry} is null or outside its range, or
     *     {@code maxTurns} is below 1
     */
    public Retention {
        if (withoutExpiry == null || withoutExpiry.compareTo(Duration.ofSeconds(1)) < 0
                || withoutExpiry.compareTo(MemoryConfig.MAX_TTL) > 0) {
            throw new IllegalArgumentException("retention must be between 1 second and " + MemoryConfig.MAX_TTL.toDays()
                    + " days, was " + withoutExpiry);
        }
        if (maxTurns < 1) {
            throw new IllegalArgumentException("maxTurns must be at least 1, was " + maxTurns);
        }
    }

    /** The TTL the imported session gets, measured from {@code now}. */
    Duration sessionTtl(RedisSession session, Instant now) {
        if (session.ttl() == null) {
            return withoutExpiry;
        }
        Instant oldest = session.turns().stream().map(Interaction::timestamp).min(Instant::compareTo).orElse(now);
        Duration age = Duration.between(oldest, now);
        return age.isNegative() ? session.ttl() : session.ttl().plus(age);
    }

    /** The turns of {@code session} the store is meant to keep at {@code now}, oldest first. */
    List<Interaction> keptTurns(RedisSession session, Instant now) {
        Instant expiredBefore = now.minus(sessionTtl(session, now));
        List<Interaction> unexpired = session.turns().stream()
                .filter(turn -> turn.timestamp().isAfter(expiredBefore)).toList();
        return unexpired.subList(Math.max(0, unexpired.size() - maxTurns), unexpired.size());
    }
}
