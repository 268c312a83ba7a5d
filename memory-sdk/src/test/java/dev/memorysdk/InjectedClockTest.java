package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry follows the builder's clock, so a test can move time instead of waiting for it. */
class InjectedClockTest {

    @RegisterExtension
    static final MemoryExtension FIXTURE = MemoryExtension.withDefaults();

    @Test
    void turnsExpireWhenTheInjectedClockPassesTheirTtl() {
        Instant stored = Instant.parse("2026-11-25T12:00:00Z");
        FIXTURE.memory().addToMemory("clocked", new Interaction("t1", "q", "a", stored));

        try (PostgresMemoryManager justBefore = managerAt(stored.plus(Duration.ofHours(23)));
             PostgresMemoryManager justAfter = managerAt(stored.plus(Duration.ofHours(25)))) {
            assertThat(justBefore.getContext("clocked")).extracting(Interaction::id).containsExactly("t1");
            assertThat(justAfter.getContext("clocked")).isEmpty();
        }
    }

    @Test
    void aTurnGivenWithoutATimestampIsStampedByTheInjectedClockBlockingAndAsync() throws Exception {
        Instant now = Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (PostgresMemoryManager memory = managerAt(now)) {
            assertThat(memory.addToMemory("stamped", "q1", "a1")).isTrue();
            assertThat(memory.async().addToMemory("stamped", "q2", "a2").get()).isTrue();
            assertThat(memory.getContext("stamped")).extracting(Interaction::timestamp).containsExactly(now, now);
        }
    }

    private static PostgresMemoryManager managerAt(Instant now) {
        return PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource())
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }
}
