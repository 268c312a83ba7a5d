package dev.memorysdk.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.Interaction;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.SessionStats;
import dev.memorysdk.testsupport.InThreads;
import dev.memorysdk.testsupport.MemoryExtension;
import dev.memorysdk.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresChatMemoryStoreTest {

    @RegisterExtension
    static final MemoryExtension MEMORY = MemoryExtension.withConfig(c -> c.maxContextLength(500).maxPoolSize(16));

    private static PostgresChatMemoryStore store() {
        return PostgresChatMemoryStore.create(MEMORY.memory());
    }

    private static String conversation() {
        return "lc4j-" + UUID.randomUUID();
    }

    private static ChatMemory window(Object id, int maxMessages) {
        return MessageWindowChatMemory.builder().id(id).maxMessages(maxMessages).chatMemoryStore(store()).build();
    }

    private static List<String> storedTurnIds(String session) {
        return MEMORY.database().storedTurnIds(session);
    }

    static List<ChatMessage> everyKind() {
        ToolExecutionRequest request = ToolExecutionRequest.builder().id("call-1").name("weather")
                .arguments("{\"city\":\"Oslo\"}").build();
        return List.of(
                SystemMessage.from("You are terse."),
                UserMessage.from("ann", "What is the weather?"),
                new UserMessage(List.of(TextContent.from("And this picture?"), ImageContent.from("https://example.com/a.png"))),
                AiMessage.builder().text("Let me look.").thinking("needs a tool").toolExecutionRequests(List.of(request))
                        .attributes(Map.of("model", "stub")).build(),
                ToolExecutionResultMessage.from(request, "{\"celsius\":4}"),
                AiMessage.from("4 degrees in Oslo."),
                CustomMessage.from(Map.of("kind", "note", "weight", 2)));
    }

    @Nested
    class RoundTrip {

        @Test
        void everyMessageKindReadsBackEqual() {
            String id = conversation();
            store().updateMessages(id, everyKind());
            assertThat(store().getMessages(id)).isEqualTo(everyKind());
        }

        @Test
        void eachMessageIsOneTurnWithUserTextAsQueryAndAiTextAsAnswer() {
            String id = conversation();
            store().updateMessages(id, List.of(UserMessage.from("Hi"), AiMessage.from("Hello"), SystemMessage.from("Be kind")));

            List<Interaction> turns = MEMORY.memory().getContext(id, 10);
            assertThat(turns).extracting(Interaction::query).containsExactly("Hi", "", "");
            assertThat(turns).extracting(Interaction::answer).containsExactly("", "Hello", "");
            assertThat(turns).extracting(turn -> (Object) turn.metadata().isEmpty()).containsExactly(true, true, false);
            assertThat(turns.get(2).metadata().get("message"))
                    .isEqualTo(Map.of("framework", "langchain4j", "type", "SYSTEM",
                            "json", ChatMessageSerializer.messageToJson(SystemMessage.from("Be kind"))));
        }

        @Test
        void aMessageThatIsItsTextAloneIsAPlainTurnAndEveryOtherAlsoKeepsItsJson() {
            String id = conversation();
            String text = "a text stored " + UUID.randomUUID();
            List<ChatMessage> messages = List.of(UserMessage.from(text), AiMessage.from(text), UserMessage.from(""),
                    AiMessage.from(""), UserMessage.from("ann", text));
            store().updateMessages(id, messages);

            assertThat(store().getMessages(id)).isEqualTo(messages);
            assertThat(MEMORY.memory().getContext(id, 10))
                    .extracting(turn -> turn.metadata().get("message") instanceof Map<?, ?> stored && stored.containsKey("json"))
                    .as("an empty text keeps its JSON, which a reader of turns needs")
                    .containsExactly(false, false, true, true, true);
            String history = MEMORY.database().queryString("SELECT history::text FROM session_memory WHERE session_id = ?", id);
            assertThat(history.split(Pattern.quote(text), -1)).as("the text once in each plain message, twice in the named one")
                    .hasSize(1 + 4);
            assertThat(history.split("\"metadata\"", -1)).as("metadata in the three turns that are not plain messages only")
                    .hasSize(1 + 3);
        }

        @Test
        void plainMessagesStoredWithTheirTypeAsThePreviousReleaseDidReadBackEqual() {
            String id = conversation();
            MEMORY.memory().addToMemory(id, new Interaction("u1", "Hi", "", Instant.now(),
                    Map.of("message", Map.of("framework", "langchain4j", "type", "USER"))));
            MEMORY.memory().addToMemory(id, new Interaction("a1", "", "Hello", Instant.now(),
                    Map.of("message", Map.of("framework", "langchain4j", "type", "AI"))));

            assertThat(store().getMessages(id)).containsExactly(UserMessage.from("Hi"), AiMessage.from("Hello"));
        }

        @Test
        void turnsWrittenThroughTheTurnApiReadAsAUserAndAnAiMessage() {
            String id = conversation();
            MEMORY.memory().addToMemory(id, "What is 2+2?", "4");
            assertThat(store().getMessages(id)).containsExactly(UserMessage.from("What is 2+2?"), AiMessage.from("4"));

            window(id, 10).add(UserMessage.from("And 3+3?"));
            assertThat(store().getMessages(id))
                    .containsExactly(UserMessage.from("What is 2+2?"), AiMessage.from("4"), UserMessage.from("And 3+3?"));
        }
    }

    @Nested
    class Windows {

        @Test
        void aFullWindowRemovesTheOldestAndLeavesTheOtherTurnsAsTheyWere() {
            String id = conversation();
            ChatMemory memory = window(id, 4);
            for (int i = 1; i <= 4; i++) {
                memory.add(UserMessage.from("m" + i));
            }
            List<String> before = storedTurnIds(id);

            memory.add(UserMessage.from("m5"));

            List<String> after = storedTurnIds(id);
            assertThat(after).hasSize(4).startsWith(before.subList(1, 4).toArray(String[]::new));
            assertThat(store().getMessages(id)).extracting(message -> ((UserMessage) message).singleText())
                    .containsExactly("m2", "m3", "m4", "m5");
        }

        @Test
        void theSystemMessageStaysWhenOlderMessagesLeaveTheWindow() {
            String id = conversation();
            ChatMemory memory = window(id, 3);
            memory.add(SystemMessage.from("rules"));
            for (int i = 1; i <= 4; i++) {
                memory.add(UserMessage.from("m" + i));
            }
            assertThat(store().getMessages(id))
                    .containsExactly(SystemMessage.from("rules"), UserMessage.from("m3"), UserMessage.from("m4"));
        }

        @Test
        void aToolResultLeavesWithItsRequest() {
            String id = conversation();
            ChatMemory memory = window(id, 3);
            List<ChatMessage> kinds = everyKind();
            memory.add(kinds.get(3));
            memory.add(kinds.get(4));
            memory.add(kinds.get(5));
            memory.add(UserMessage.from("thanks"));
            assertThat(store().getMessages(id)).containsExactly(kinds.get(5), UserMessage.from("thanks"));
        }

        @Test
        void sixteenThreadsAddingToOneConversationThroughTheFrameworkLoseNothing() throws Exception {
            String id = conversation();
            ChatMemory memory = window(id, 1_000);
            int threads = 16;
            int perThread = 10;
            InThreads.run(threads, thread -> {
                for (int i = 0; i < perThread; i++) {
                    memory.add(UserMessage.from("t" + thread + "-" + i));
                }
            });
            List<String> texts = store().getMessages(id).stream().map(message -> ((UserMessage) message).singleText()).toList();
            assertThat(texts).hasSize(threads * perThread).doesNotHaveDuplicates();
        }
    }

    @Nested
    class Sessions {

        @Test
        void deleteMessagesDeletesTheSession() {
            String id = conversation();
            window(id, 10).add(UserMessage.from("hi"));
            assertThat(MEMORY.memory().getAllSessions(10_000)).extracting(SessionStats::sessionId).contains(id);
            assertThat(MEMORY.memory().getSessionStats(id)).get().extracting(SessionStats::historyLength).isEqualTo(1);

            window(id, 10).clear();

            assertThat(MEMORY.memory().getSessionStats(id)).isEmpty();
            assertThat(store().getMessages(id)).isEmpty();
        }

        @Test
        void expiredMessagesAreNotReadAndCleanupDeletesTheConversation() {
            MovableClock clock = new MovableClock(Instant.now());
            try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(MEMORY.database().dataSource()).clock(clock)
                    .config(MemoryConfig.custom().ttl(Duration.ofHours(1)).build()).build()) {
                PostgresChatMemoryStore store = PostgresChatMemoryStore.create(memory);
                String id = conversation();
                store.updateMessages(id, List.of(UserMessage.from("old")));
                clock.advance(Duration.ofHours(2));

                assertThat(store.getMessages(id)).isEmpty();
                assertThat(memory.cleanupExpiredSessions()).isGreaterThanOrEqualTo(1);
                assertThat(memory.getSessionStats(id)).isEmpty();
            }
        }

        @Test
        void aNullMemoryIdIsRejected() {
            assertThatThrownBy(() -> store().getMessages(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("memoryId");
            assertThatThrownBy(() -> store().updateMessages(conversation(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messages");
            assertThatThrownBy(() -> PostgresChatMemoryStore.create(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
