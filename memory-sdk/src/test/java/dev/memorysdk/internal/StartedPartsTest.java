package dev.memorysdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.memorysdk.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parts made during start-up are closed in reverse order of their making, each once, past failures. */
class StartedPartsTest {

    @Test
    void closesTheLastMadeFirstEachOnceAndGoesOnPastAPartThatFailsToClose() {
        List<String> closed = new ArrayList<>();
        StartedParts parts = new StartedParts();
        assertThat(parts.add("pool", "the pool", closed::add)).isEqualTo("the pool");
        parts.add("replica pool", "the replica pool", part -> {
            throw new IllegalStateException("cannot close " + part);
        });
        parts.add("executor", "the executor", closed::add);
        try (LogCapture log = LogCapture.of(StartedParts.class)) {
            parts.closeAll();
            parts.closeAll();
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Closing the replica pool failed");
        }
        assertThat(closed).containsExactly("the executor", "the pool");
    }
}
