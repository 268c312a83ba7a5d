package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static PostgresMemoryManager managerAt(Instant now) {
        return PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource())
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }
}
