package dev.memorysdk.bench;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.Durability;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What every scenario group shares within one run: the database, the settings, the text of the
 * turns, the prefill and the report.
 *
 * @param database the run's database
 * @param settings the run's settings
 * @param text     the turns' text
 * @param prefill  fills session sets
 * @param report   collects the figures
 */
public record BenchContext(BenchDatabase database, BenchSettings settings, TurnText text, Prefill prefill,
                           Report report) {

    /** Lets closed connections' statistics reach the collector and the server settle between scenarios. */
    static final Duration SETTLE = Duration.ofMillis(1200);

    /**
     * An SDK instance on {@code schema} configured as an application would (its own pool of
     * {@code threads} connections), failing rather than buffering so errors are counted.
     */
    public PostgresMemoryManager sdk(String schema, int maxContextLength, Durability durability) {
        return PostgresMemoryManager.builder().config(sdkConfig(schema, maxContextLength, durability).build()).build();
    }

    /** The settings of {@link #sdk}, for a scenario that changes one. */
    public MemoryConfig.Builder sdkConfig(String schema, int maxContextLength, Durability durability) {
        MemoryConfig.Builder builder = MemoryConfig.custom()
                .jdbcUrl(database.jdbcUrl(schema))
                .maxPoolSize(settings.threads())
                .maxContextLength(maxContextLength)
                .durability(durability)
                .fallbackPolicy(FallbackPolicy.FAIL);
        if (database.user() != null) {
            builder.username(database.user());
        }
        if (database.password() != null) {
            builder.password(database.password());
        }
        return builder;
    }

    /** A runner for this run's scenarios; it measures the server's CPU where the server runs on this machine. */
    public LoadRunner runner() {
        return new LoadRunner(settings.threads(), settings.warmup(), settings.measurement(), database.serverCpu());
    }

    /** {@code getContext} of a random session of the set {@code prefix}, for the configured limit. */
    public Operation contextReads(PostgresMemoryManager memory, String prefix) {
        int limit = settings.contextLimit();
        return random -> memory.getContext(randomSession(prefix, settings.sessions(), random), limit);
    }

    /** {@code addToMemory} of a new turn to a random session of the set {@code prefix}. */
    public Operation appends(PostgresMemoryManager memory, String prefix) {
        return random -> memory.addToMemory(randomSession(prefix, settings.sessions(), random), text.interaction(random));
    }

    /** A session id of the set {@code prefix} of {@code sessions} sessions, picked at random. */
    public static String randomSession(String prefix, int sessions, SplittableRandom random) {
        return prefix + (1 + random.nextInt(sessions));
    }
}
