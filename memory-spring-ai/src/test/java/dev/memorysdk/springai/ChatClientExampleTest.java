package dev.memorysdk.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.prompt.Prompt;

/** The ChatClient example of docs/integration.md, run against a stub model. */
class ChatClientExampleTest {

    @RegisterExtension
    static final MemoryExtension MEMORY = MemoryExtension.withDefaults();

    /** Answers with the last user text and how many messages the prompt held. */
    static final class StubModel implements ChatModel {
        @Override
        public ChatResponse call(Prompt prompt) {
            List<Message> messages = prompt.getInstructions();
            String answer = "echo: " + prompt.getUserMessage().getText() + " (" + messages.size() + " messages seen)";
            return new ChatResponse(List.of(new Generation(new AssistantMessage(answer))));
        }
    }

    @Test
    void aMultiTurnConversationIsStoredMessageByMessage() {
        MemoryManager memory = MEMORY.memory();

        // As in docs/integration.md:
        ChatMemory chatMemory = MessageWindowChatMemory.builder()
                .chatMemoryRepository(PostgresChatMemoryRepository.create(memory))
                .maxMessages(20)
                .build();
        ChatClient chatClient = ChatClient.builder(new StubModel())
                .defaultAdvisors(MessageChatMemoryAdvisor.builder(chatMemory).build())
                .build();

        String first = chatClient.prompt().user("Hello")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "user-42")).call().content();
        String second = chatClient.prompt().user("Still there?")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "user-42")).call().content();

        assertThat(first).isEqualTo("echo: Hello (1 messages seen)");
        assertThat(second).isEqualTo("echo: Still there? (3 messages seen)");
        assertThat(chatMemory.get("user-42")).extracting(Message::getMessageType)
                .containsExactly(MessageType.USER, MessageType.ASSISTANT, MessageType.USER, MessageType.ASSISTANT);
        List<Interaction> turns = memory.getContext("user-42", 100);
        assertThat(turns).extracting(Interaction::query).containsExactly("Hello", "", "Still there?", "");
        assertThat(turns).extracting(Interaction::answer).containsExactly("", first, "", second);
    }
}
