package dev.memorysdk.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.Interaction;
import dev.memorysdk.SessionStats;
import dev.memorysdk.testsupport.InThreads;
import dev.memorysdk.testsupport.MemoryExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.AssistantMessage.ToolCall;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage.ToolResponse;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeTypeUtils;

class PostgresChatMemoryRepositoryTest {

    @RegisterExtension
    static final MemoryExtension MEMORY = MemoryExtension.withConfig(c -> c.maxContextLength(500).maxPoolSize(16));

    private static PostgresChatMemoryRepository repository() {
        return PostgresChatMemoryRepository.create(MEMORY.memory());
    }

    private static String conversation() {
        return "spring-ai-" + UUID.randomUUID();
    }

    private static ChatMemory window(int maxMessages) {
        return MessageWindowChatMemory.builder().chatMemoryRepository(repository()).maxMessages(maxMessages).build();
    }

    private static List<String> storedTurnIds(String session) {
        return MEMORY.database().storedTurnIds(session);
    }

    private static List<Message> everyKind() {
        ToolCall call = new ToolCall("call-1", "function", "weather", "{\"city\":\"Oslo\"}");
        return List.of(
                SystemMessage.builder().text("You are terse.").metadata(Map.of("version", 3)).build(),
                UserMessage.builder().text("What is the weather?").metadata(Map.of("user", "ann", "tags", List.of("a", "b")))
                        .build(),
                AssistantMessage.builder().content(null).toolCalls(List.of(call)).properties(Map.of("finishReason", "TOOL_CALLS"))
                        .build(),
                ToolResponseMessage.builder().responses(List.of(new ToolResponse("call-1", "weather", "{\"celsius\":4}")))
                        .build(),
                new AssistantMessage("4 degrees in Oslo."));
    }

    @Nested
    class RoundTrip {

        @Test
        void everyMessageKindReadsBackEqualWithItsMetadataAndToolCalls() {
            String id = conversation();
            repository().saveAll(id, everyKind());
            assertThat(repository().findByConversationId(id)).isEqualTo(everyKind());
        }

        @Test
        void mediaComesBackWithItsTypeNameAndData() {
            String id = conversation();
            Media url = Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data("https://example.com/a.png").name("a").build();
            Media bytes = Media.builder().mimeType(MimeTypeUtils.IMAGE_JPEG).data(new byte[] {1, 2, 3}).name("b").id("m-2")
                    .build();
            repository().saveAll(id, List.of(UserMessage.builder().text("look").media(url, bytes).build()));

            List<Media> media = ((UserMessage) repository().findByConversationId(id).get(0)).getMedia();
            assertThat(media).extracting(Media::getName).containsExactly("a", "b");
            assertThat(media).extracting(Media::getMimeType).containsExactly(MimeTypeUtils.IMAGE_PNG, MimeTypeUtils.IMAGE_JPEG);
            assertThat(media.get(0).getData()).isEqualTo("https://example.com/a.png");
            assertThat(media.get(1).getDataAsByteArray()).containsExactly(1, 2, 3);
            assertThat(media.get(1).getId()).isEqualTo("m-2");
        }

        @Test
        void eachMessageIsOneTurnWithUserTextAsQueryAndAssistantTextAsAnswer() {
            String id = conversation();
            repository().saveAll(id, List.of(new UserMessage("Hi"), new AssistantMessage("Hello")));

            List<Interaction> turns = MEMORY.memory().getContext(id, 10);
            assertThat(turns).extracting(Interaction::query).containsExactly("Hi", "");
            assertThat(turns).extracting(Interaction::answer).containsExactly("", "Hello");
            assertThat(turns).extracting(turn -> (Object) turn.metadata().isEmpty()).as("plain messages are plain turns")
                    .containsExactly(true, true);
        }

        @Test
        void aMessageThatIsItsTextAloneIsAPlainTurnAndEveryOtherKeepsItsJson() {
            String id = conversation();
            String text = "a text stored " + UUID.randomUUID();
            List<Message> messages = List.of(new UserMessage(text), new AssistantMessage(text), new UserMessage(""),
                    UserMessage.builder().text(text).metadata(Map.of("user", "ann")).build(),
                    AssistantMessage.builder().content(text).properties(Map.of("model", "stub")).build(),
                    new SystemMessage(text));
            repository().saveAll(id, messages);

            assertThat(repository().findByConversationId(id)).isEqualTo(messages);
            assertThat(MEMORY.memory().getContext(id, 10))
                    .extracting(turn -> turn.metadata().get("message") instanceof Map<?, ?> stored && stored.containsKey("json"))
                    .containsExactly(false, false, true, true, true, true);
            String history = MEMORY.database().queryString("SELECT history::text FROM session_memory WHERE session_id = ?", id);
            assertThat(history.split(Pattern.quote(text), -1))
                    .as("the text once in each plain message and in the system message's JSON, twice in the user and assistant messages with metadata")
                    .hasSize(1 + 2 + 2 * 2 + 1);
        }

        @Test
        void plainMessagesStoredWithTheirJsonAsThePreviousReleaseDidReadBackEqual() {
            String id = conversation();
            SpringAiMessageCodec codec = new SpringAiMessageCodec();
            MEMORY.memory().addToMemory(id, new Interaction("u1", "Hi", "", Instant.now(), Map.of("message",
                    Map.of("framework", "spring-ai", "type", "USER", "json", codec.encode(new UserMessage("Hi"))))));
            MEMORY.memory().addToMemory(id, new Interaction("a1", "", "Hello", Instant.now(), Map.of("message",
                    Map.of("framework", "spring-ai", "type", "ASSISTANT", "json", codec.encode(new AssistantMessage("Hello"))))));

            assertThat(repository().findByConversationId(id)).containsExactly(new UserMessage("Hi"), new AssistantMessage("Hello"));
        }

        @Test
        void turnsWrittenThroughTheTurnApiReadAsAUserAndAnAssistantMessage() {
            String id = conversation();
            MEMORY.memory().addToMemory(id, "What is 2+2?", "4");
            assertThat(repository().findByConversationId(id))
                    .containsExactly(new UserMessage("What is 2+2?"), new AssistantMessage("4"));

            window(10).add(id, new UserMessage("And 3+3?"));
            assertThat(repository().findByConversationId(id)).containsExactly(new UserMessage("What is 2+2?"),
                    new AssistantMessage("4"), new UserMessage("And 3+3?"));
        }
    }

    @Nested
    class Windows {

        @Test
        void aFullWindowRemovesTheOldestTurnAndLeavesTheOthersAsTheyWere() {
            String id = conversation();
            ChatMemory memory = window(4);
            memory.add(id, new UserMessage("u1"));
            memory.add(id, new AssistantMessage("a1"));
            memory.add(id, new UserMessage("u2"));
            memory.add(id, new AssistantMessage("a2"));
            List<String> before = storedTurnIds(id);

            memory.add(id, new UserMessage("u3"));

            assertThat(storedTurnIds(id)).hasSize(3).startsWith(before.subList(2, 4).toArray(String[]::new));
            assertThat(repository().findByConversationId(id))
                    .containsExactly(new UserMessage("u2"), new AssistantMessage("a2"), new UserMessage("u3"));
        }

        @Test
        void systemMessagesStayWhenOlderMessagesLeaveTheWindow() {
            String id = conversation();
            ChatMemory memory = window(4);
            memory.add(id, List.of(new SystemMessage("rules"), new UserMessage("u1")));
            memory.add(id, new AssistantMessage("a1"));
            memory.add(id, new UserMessage("u2"));
            memory.add(id, new AssistantMessage("a2"));
            memory.add(id, new UserMessage("u3"));
            assertThat(repository().findByConversationId(id)).containsExactly(new SystemMessage("rules"),
                    new UserMessage("u2"), new AssistantMessage("a2"), new UserMessage("u3"));
        }

        @Test
        void twoRequestsThatReadTheSameTrimmedWindowAndSaveAtOnceBothKeepTheirMessages() throws Exception {
            String id = conversation();
            window(2).add(id, List.of(new UserMessage("u1"), new AssistantMessage("a1")));
            CyclicBarrier bothRead = new CyclicBarrier(2);
            ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(readingTogether(bothRead))
                    .maxMessages(2).build();

            InThreads.run(2, thread -> memory.add(id, List.of(new UserMessage("u-" + thread),
                    new AssistantMessage("a-" + thread))));

            assertThat(repository().findByConversationId(id)).extracting(Message::getText)
                    .doesNotContain("u1", "a1").containsExactlyInAnyOrder("u-0", "a-0", "u-1", "a-1");
        }

        /** A repository whose reads each wait, after reading, until two requests have read. */
        private ChatMemoryRepository readingTogether(CyclicBarrier bothRead) {
            PostgresChatMemoryRepository repository = repository();
            return new ChatMemoryRepository() {
                @Override
                public List<String> findConversationIds() {
                    return repository.findConversationIds();
                }

                @Override
                public List<Message> findByConversationId(String conversationId) {
                    List<Message> read = repository.findByConversationId(conversationId);
                    try {
                        bothRead.await();
                    } catch (InterruptedException | BrokenBarrierException failure) {
                        throw new IllegalStateException(failure);
                    }
                    return read;
                }

                @Override
                public void saveAll(String conversationId, List<Message> messages) {
                    repository.saveAll(conversationId, messages);
                }

                @Override
                public void deleteByConversationId(String conversationId) {
                    repository.deleteByConversationId(conversationId);
                }
            };
        }

        @Test
        void sixteenThreadsAddingToOneConversationThroughTheFrameworkLoseNothing() throws Exception {
            String id = conversation();
            ChatMemory memory = window(1_000);
            int threads = 16;
            int perThread = 10;
            InThreads.run(threads, thread -> {
                for (int i = 0; i < perThread; i++) {
                    memory.add(id, new UserMessage("t" + thread + "-" + i));
                }
            });
            assertThat(repository().findByConversationId(id)).extracting(Message::getText)
                    .hasSize(threads * perThread).doesNotHaveDuplicates();
        }
    }

    @Nested
    class Conversations {

        @Test
        void areListedClearedAndCountedAsSessions() {
            String id = conversation();
            window(10).add(id, new UserMessage("hi"));
            assertThat(repository().findConversationIds()).contains(id);
            assertThat(MEMORY.memory().getSessionStats(id)).get().extracting(SessionStats::historyLength).isEqualTo(1);

            window(10).clear(id);

            assertThat(repository().findConversationIds()).doesNotContain(id);
            assertThat(repository().findByConversationId(id)).isEmpty();
        }

        @Test
        void anEmptiedConversationReadsEmptyAndStaysListedUntilDeleted() {
            String id = conversation();
            repository().saveAll(id, List.of(new UserMessage("hi")));

            repository().saveAll(id, List.of());

            assertThat(repository().findByConversationId(id)).isEmpty();
            assertThat(repository().findConversationIds()).contains(id);
        }

        @Test
        void invalidInputIsRejected() {
            assertThatThrownBy(() -> repository().findByConversationId(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sessionId");
            assertThatThrownBy(() -> repository().saveAll(conversation(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messages");
            assertThatThrownBy(() -> PostgresChatMemoryRepository.create(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> repository().saveAll("", List.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("conversationId cannot be null or empty");
        }
    }
}
