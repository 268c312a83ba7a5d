package dev.memorysdk.example.redis;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads sessions from Redis batch by batch with {@code SCAN} (never {@code KEYS}), each batch's
 * values and TTLs in one pipelined round trip. Not thread-safe: one reader per connection.
 */
public final class RedisSessionReader {

    /** A batch of sessions read, the keys that could not be read, and the cursor after the batch. */
    public record Batch(List<RedisSession> sessions, List<String> badKeys, List<String> problems, String cursor) {

        /** Whether the scan is complete after this batch. */
        public boolean last() {
            return ScanParams.SCAN_POINTER_START.equals(cursor);
        }
    }

    private final Jedis redis;
    private final RedisLayout layout;
    private final ScanParams scan;
    private final Pattern sessionIdPattern;
    private final TurnParser parser;

    /**
     * @param sessionIdPattern a regular expression over the whole key; its first group is the session id
     */
    public RedisSessionReader(Jedis redis, RedisLayout layout, String keyPattern, Pattern sessionIdPattern,
                              TurnFields fields, int maxTurnChars, int scanCount) {
        this.redis = redis;
        this.layout = layout;
        this.scan = new ScanParams().match(keyPattern).count(scanCount);
        this.sessionIdPattern = sessionIdPattern;
        this.parser = new TurnParser(fields, maxTurnChars);
    }

    /** The number of keys in the Redis database, for an estimate of the work left. */
    public long keyCount() {
        return redis.dbSize();
    }

    /** Reads the batch after {@code cursor} ({@code "0"} to start). */
    public Batch next(String cursor) {
        ScanResult<String> result = redis.scan(cursor, scan);
        List<String> keys = result.getResult();
        Pipeline pipeline = redis.pipelined();
        List<Response<?>> values = new ArrayList<>(keys.size());
        List<Response<Long>> ttls = new ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(switch (layout) {
                case LIST -> pipeline.lrange(key, 0, -1);
                case STRING -> pipeline.get(key);
                case HASH -> pipeline.hvals(key);
            });
            ttls.add(pipeline.pttl(key));
        }
        pipeline.sync();
        List<RedisSession> sessions = new ArrayList<>(keys.size());
        List<String> badKeys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        BiConsumer<String, String> bad = (key, problem) -> {
            badKeys.add(key);
            problems.add(problem);
        };
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            try {
                sessions.add(new RedisSession(key, sessionId(key), turns(key, values.get(i)), ttl(ttls.get(i))));
            } catch (BadSessionException e) {
                bad.accept(key, e.getMessage());
            } catch (RuntimeException e) {
                // WRONGTYPE and the like: the key is not of the configured layout.
                bad.accept(key, "cannot be read as a " + layout + ": " + e.getClass().getSimpleName());
            }
        }
        return new Batch(sessions, badKeys, problems, result.getCursor());
    }

    private String sessionId(String key) throws BadSessionException {
        Matcher matcher = sessionIdPattern.matcher(key);
        if (!matcher.matches() || matcher.groupCount() < 1 || matcher.group(1).isEmpty()) {
            throw new BadSessionException("key does not match the session id pattern");
        }
        String sessionId = matcher.group(1);
        // The store's rules for ids, checked here so that --dry-run, the import and --verify skip the
        // same keys; the message does not repeat the id, the key is printed beside it.
        if (sessionId.isBlank()) {
            throw new BadSessionException("session id is blank");
        }
        int characters = sessionId.codePointCount(0, sessionId.length());
        if (characters > MemoryManager.MAX_SESSION_ID_LENGTH) {
            throw new BadSessionException("session id is " + characters + " characters, more than "
                    + MemoryManager.MAX_SESSION_ID_LENGTH);
        }
        if (sessionId.indexOf('\0') >= 0) {
            throw new BadSessionException("session id contains the NUL character");
        }
        return sessionId;
    }

    @SuppressWarnings("unchecked")
    private List<Interaction> turns(String key, Response<?> value) throws BadSessionException {
        Object raw = value.get();
        if (raw == null) {
            throw new BadSessionException("key vanished during the scan");
        }
        return switch (layout) {
            case STRING -> parser.parseArray(key, (String) raw);
            case LIST -> parser.parseElements(key, (List<String>) raw, false);
            case HASH -> parser.parseElements(key, (List<String>) raw, true);
        };
    }

    private static Duration ttl(Response<Long> pttl) {
        long millis = pttl.get();
        return millis > 0 ? Duration.ofMillis(Math.max(1000, millis)) : null;
    }
}
