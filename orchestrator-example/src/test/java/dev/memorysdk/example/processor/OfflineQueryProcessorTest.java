package dev.memorysdk.example.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.Interaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineQueryProcessorTest {

    private final OfflineQueryProcessor processor = new OfflineQueryProcessor();

    @Test
    void saysSoWhenThereIsNoContext() {
        assertThat(processor.process("hello", List.of())).startsWith("This is the first turn of this session");
    }

    @Test
    void quotesTheFirstAndLatestEarlierQueriesWhenNothingRelates() {
        List<Interaction> context = List.of(Interaction.of("alpha one", "a"), Interaction.of("beta two", "b"));

        assertThat(processor.process("gamma", context)).isEqualTo("I remember 2 earlier turns of this session. "
                + "You asked earlier about \"alpha one\", and most recently about \"beta two\".");
    }

    @Test
    void pointsAtTheEarlierTurnSharingTheMostWords() {
        List<Interaction> context = List.of(
                Interaction.of("I am planning a trip to Lisbon in April", "a"),
                Interaction.of("Which hotels are near the river?", "b"));

        assertThat(processor.process("What is Lisbon like in April?", context)).isEqualTo(
                "I remember 2 earlier turns of this session. "
                        + "This relates to what you said before: \"I am planning a trip to Lisbon in April\".");
    }

    @Test
    void shortensLongQuotesWithoutSplittingCharacters() {
        String longQuery = "x".repeat(76) + "\uD83D\uDE00" + "y".repeat(20);

        String answer = processor.process("unrelated", List.of(Interaction.of(longQuery, "a")));

        assertThat(answer).contains("x".repeat(76) + "...").doesNotContain("\uD83D...");
    }
}
