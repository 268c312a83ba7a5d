package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import dev.memorysdk.testsupport.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The near cache ({@code nearCacheMaxBytes}): a read served from it never misses a turn
 * acknowledged before the read began, whoever wrote it; this instance's appends keep it warm;
 * expiry still applies; it stays within its size; its figures are meters.
 */
class NearCacheTest {

    @RegisterExtension
    static final MemoryExtension FIXTURE = MemoryExtension.withDefaults();

    private SimpleMeterRegistry registry;
    private MovableClock clock;
    private PostgresMemoryManager cached;
    private PostgresMemoryManager other;

    @BeforeEach
    void managers() {
        registry = new SimpleMeterRegistry();
        clock = new MovableClock(Instant.now());
        cached = cachedManager(b -> b.maxContextLength(4));
        other = PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource())
                .clock(clock).config(MemoryConfig.custom().maxContextLength(4).build()).build();
    }

    @AfterEach
    void close() {
        cached.close();
        other.close();
    }

    @Test
    void aSecondReadOfAnUnchangedSessionIsAHitWithTheSameTurns() {
        String session = session();
        other.addToMemory(session, turn("t1"));
        other.addToMemory(session, turn("t2"));

        List<Interaction> first = cached.getContext(session, 5);
        List<Interaction> second = cached.getContext(session, 5);

        assertThat(second).isEqualTo(first).extracting(Interaction::id).containsExactly("t1", "t2");
        assertThat(reads("hit")).isEqualTo(1);
        assertThat(reads("miss")).isEqualTo(1);
        assertThat(cached.getContext(session, 1)).extracting(Interaction::id).containsExactly("t2");
        assertThat(reads("hit")).as("a shorter window is served from the cached one").isEqualTo(2);
    }

    @Test
    void aTurnAnotherInstanceWroteIsNeverMissed() {
        String session = session();
        other.addToMemory(session, turn("t1"));
        assertThat(cached.getContext(session, 5)).extracting(Interaction::id).containsExactly("t1");

        other.addToMemory(session, turn("t2"));

        assertThat(cached.getContext(session, 5)).extracting(Interaction::id).containsExactly("t1", "t2");
        assertThat(reads("stale")).isEqualTo(1);
        assertThat(reads("hit")).isZero();
    }

    @Test
    void aChangeMadeWithPlainSqlIsNeverMissed() {
        String session = session();
        other.addToMemory(session, turn("t1"));
        cached.getContext(session, 5);

        FIXTURE.database().update("UPDATE session_memory SET history = history || jsonb_build_array(jsonb_build_object("
                + "'id', 'sql', 'query', 'q', 'answer', 'a', 'timestamp', ?)) WHERE session_id = ?",
                clock.instant().toString(), session);

        assertThat(cached.getContext(session, 5)).extracting(Interaction::id).containsExactly("t1", "sql");
    }

    @Test
    void ownAppendsKeepTheWindowWarmAndMatchTheDatabaseAtTheCap() {
        String session = session();
        other.addToMemory(session, turn("t1"));
        cached.getContext(session, 3);

        for (int i = 2; i <= 7; i++) {
            cached.addToMemory(session, turn("t" + i));
            List<Interaction> served = cached.getContext(session, 3);
            assertThat(served).as("after t" + i).isEqualTo(other.getContext(session, 3));
        }
        assertThat(cached.getContext(session, 3)).extracting(Interaction::id).containsExactly("t5", "t6", "t7");
        assertThat(reads("hit")).isEqualTo(7);
        assertThat(reads("stale")).isZero();
    }

    @Test
    void relaxedAppendsKeepTheWindowWarmToo() {
        cached.close();
        cached = cachedManager(b -> b.maxContextLength(4).durability(Durability.RELAXED));
        String session = session();
        other.addToMemory(session, turn("t1"));
        cached.getContext(session, 3);

        cached.addToMemory(session, turn("t2"));
        cached.addToMemory(session, turn("t3"));

        assertThat(cached.getContext(session, 3)).isEqualTo(other.getContext(session, 3))
                .extracting(Interaction::id).containsExactly("t1", "t2", "t3");
        assertThat(reads("hit")).isEqualTo(1);
    }

    @Test
    void anAppendAfterAnotherInstancesWriteDropsTheWindowInsteadOfMovingIt() {
        String session = session();
        other.addToMemory(session, turn("t1"));
        cached.getContext(session, 5);

        other.addToMemory(session, turn("t2"));
        cached.addToMemory(session, turn("t3"));

        assertThat(cached.getContext(session, 5)).extracting(Interaction::id).containsExactly("t1", "t2", "t3");
        assertThat(reads("hit")).isZero();
    }

    @Test
    void aRepeatedAppendLeavesTheWindowAsItIs() {
        String session = session();
        cached.addToMemory(session, turn("t1"));
        cached.getContext(session, 5);

        cached.addToMemory(session, turn("t1"));

        assertThat(cached.getContext(session, 5)).extracting(Interaction::id).containsExactly("t1");
        assertThat(reads("hit")).isEqualTo(1);
    }

    @Test
    void expiredTurnsAreNotServedFromTheCacheAndArePruned() {
        String session = session();
        other.addToMemory(session, turn("old"));
        clock.advance(Duration.ofHours(12));
        other.addToMemory(session, turn("new"));
        assertThat(cached.getContext(session, 5)).extracting(Interaction::id).containsExactly("old", "new");

        clock.advance(Duration.ofHours(13));

        assertThat(cached.getContext(session, 5)).extracting(Interaction::id).containsExactly("new");
        assertThat(FIXTURE.database().queryLong(
                "SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = ?", session))
                .as("the expired turn was pruned from the row").isEqualTo(1);
    }

    @Test
    void aClearedSessionReadsEmpty() {
        String session = session();
        other.addToMemory(session, turn("t1"));
        cached.getContext(session, 5);

        other.clearMemory(session);

        assertThat(cached.getContext(session, 5)).isEmpty();
    }

    @Test
    void aLongerWindowThanTheCachedOneIsReadFromTheDatabase() {
        String session = session();
        for (int i = 1; i <= 4; i++) {
            other.addToMemory(session, turn("t" + i));
        }
        cached.getContext(session, 2);

        assertThat(cached.getContext(session, 4)).extracting(Interaction::id).containsExactly("t1", "t2", "t3", "t4");
        assertThat(reads("miss")).isEqualTo(2);
    }

    @Test
    void theCacheStaysWithinItsSizeAndCountsEvictions() {
        cached.close();
        cached = cachedManager(b -> b.nearCacheMaxBytes(64 * 1024));
        String text = "x".repeat(2_000);
        for (int i = 0; i < 40; i++) {
            String session = "size-" + i + "-" + UUID.randomUUID();
            other.addToMemory(session, new Interaction("t", text, text, clock.instant()));
            cached.getContext(session, 5);
        }

        assertThat(gauge("memory.near.cache.bytes")).isLessThanOrEqualTo(64 * 1024);
        assertThat(counter("memory.near.cache.evictions")).isPositive();
        assertThat(gauge("memory.near.cache.windows")).isPositive().isLessThan(40);
    }

    @Test
    void appendsFromManyThreadsAndTwoInstancesAreAlwaysSeenByTheReadAfterThem() throws Exception {
        cached.close();
        cached = cachedManager(b -> b.maxContextLength(100));
        PostgresMemoryManager second = PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource()).clock(clock)
                .config(MemoryConfig.custom().maxContextLength(100).build()).build();
        String session = session();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                PostgresMemoryManager writer = t % 2 == 0 ? cached : second;
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String id = "w" + thread + "-" + i;
                        writer.addToMemory(session, turn(id));
                        assertThat(cached.getContext(session, 100)).extracting(Interaction::id).contains(id);
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
        }
        List<Interaction> stored = other.getContext(session, 100);
        assertThat(stored).hasSize(80);
        assertThat(cached.getContext(session, 100)).isEqualTo(stored);
        second.close();
    }

    @Test
    void offByDefaultWithoutMeters() {
        MeterRegistry plain = new SimpleMeterRegistry();
        try (PostgresMemoryManager manager = PostgresMemoryManager.builder()
                .dataSource(FIXTURE.database().dataSource()).meterRegistry(plain).build()) {
            manager.getContext(session(), 5);
            assertThat(plain.find("memory.near.cache.reads").meters()).isEmpty();
        }
    }

    @Test
    void aSizeOutOfRangeIsRefusedNamingTheSetting() {
        assertThat(MemoryConfig.defaults().nearCacheMaxBytes()).as("off by default").isZero();
        assertThatThrownBy(() -> MemoryConfig.custom().nearCacheMaxBytes(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nearCacheMaxBytes must be between 1024 and 17179869184, was 10");
        assertThat(MemoryConfig.from(MemoryEnvironment.parse(Map.of("DATABASE_URL", "postgresql://h/db",
                MemoryEnvironment.ENV_NEAR_CACHE_MAX_BYTES, "67108864"))).build().nearCacheMaxBytes()).isEqualTo(67_108_864L);
        assertThatThrownBy(() -> MemoryConfig.from(MemoryEnvironment.parse(Map.of("DATABASE_URL", "postgresql://h/db",
                MemoryEnvironment.ENV_NEAR_CACHE_MAX_BYTES, "lots"))).build())
                .hasMessage("MEMORY_NEAR_CACHE_MAX_BYTES must be a whole number, was 'lots'");
    }

    private PostgresMemoryManager cachedManager(java.util.function.UnaryOperator<MemoryConfig.Builder> more) {
        return PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource()).meterRegistry(registry)
                .clock(clock).config(more.apply(MemoryConfig.custom().nearCacheMaxBytes(16 * 1024 * 1024)).build()).build();
    }

    private Interaction turn(String id) {
        return new Interaction(id, "query " + id, "answer " + id, clock.instant());
    }

    private static String session() {
        return "near-" + UUID.randomUUID();
    }

    private double reads(String result) {
        return registry.get("memory.near.cache.reads").tag("result", result).functionCounter().count();
    }

    private double counter(String name) {
        return registry.get(name).functionCounter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
