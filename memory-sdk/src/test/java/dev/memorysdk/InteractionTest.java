package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionTest {

    @Test
    void toStringKeepsUserTextOutOfLogs() {
        Interaction turn = new Interaction("id-7", "my card number is 4111", "noted: 4111", Instant.EPOCH,
                Map.of("channel", "web"));
        assertThat(turn.toString()).contains("id-7", "queryLength=22", "answerLength=11", "channel")
                .doesNotContain("4111");
    }

    @Test
    void metadataIsCopiedAndUnmodifiable() {
        Map<String, Object> metadata = new HashMap<>(Map.of("k", "v"));
        Interaction turn = new Interaction("id", "q", "a", Instant.EPOCH, metadata);
        metadata.put("later", "change");
        assertThat(turn.metadata()).containsOnlyKeys("k");
        assertThatThrownBy(() -> turn.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofMakesAFreshIdAndTimestampEachTime() {
        Instant before = Instant.now();
        Interaction first = Interaction.of("q", "a");
        Interaction second = Interaction.of("q", "a");
        Instant after = Instant.now();
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.metadata()).isEmpty();
        assertThat(first.timestamp()).as("the time of the call").isBetween(before, after);
    }
}
