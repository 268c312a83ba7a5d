package dev.memorysdk.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageType;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AiServices example of docs/integration.md, run against a stub model. */
class AiServicesExampleTest {

    @RegisterExtension
    static final MemoryExtension MEMORY = MemoryExtension.withDefaults();

    interface Assistant {
        String chat(@MemoryId String conversationId, @dev.langchain4j.service.UserMessage String message);
    }

    static final class WeatherTools {
        @Tool("The temperature in a city, in degrees Celsius")
        String weather(@P("city") String city) {
            return "4";
        }
    }

    /** Answers "echo: ..." and asks for the weather tool when the user mentions the weather. */
    static final class StubModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            AiMessage answer;
            if (last instanceof ToolExecutionResultMessage result) {
                answer = AiMessage.from(result.text() + " degrees");
            } else if (((UserMessage) last).singleText().contains("weather")) {
                answer = AiMessage.from(ToolExecutionRequest.builder().id("call-1").name("weather")
                        .arguments("{\"city\":\"Oslo\"}").build());
            } else {
                answer = AiMessage.from("echo: " + ((UserMessage) last).singleText()
                        + " (" + request.messages().size() + " messages seen)");
            }
            return ChatResponse.builder().aiMessage(answer).build();
        }
    }

    @Test
    void aMultiTurnConversationWithAToolCallIsStoredMessageByMessage() {
        MemoryManager memory = MEMORY.memory();

        // As in docs/integration.md:
        PostgresChatMemoryStore store = PostgresChatMemoryStore.create(memory);
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(new StubModel())
                .tools(new WeatherTools())
                .chatMemoryProvider(id -> MessageWindowChatMemory.builder()
                        .id(id).maxMessages(20).chatMemoryStore(store).build())
                .build();

        assertThat(assistant.chat("user-42", "Hello")).isEqualTo("echo: Hello (1 messages seen)");
        assertThat(assistant.chat("user-42", "What is the weather in Oslo?")).isEqualTo("4 degrees");
        assertThat(assistant.chat("user-42", "Thanks")).isEqualTo("echo: Thanks (7 messages seen)");

        assertThat(store.getMessages("user-42")).extracting(ChatMessage::type).containsExactly(
                ChatMessageType.USER, ChatMessageType.AI,
                ChatMessageType.USER, ChatMessageType.AI, ChatMessageType.TOOL_EXECUTION_RESULT, ChatMessageType.AI,
                ChatMessageType.USER, ChatMessageType.AI);
        assertThat(((AiMessage) store.getMessages("user-42").get(3)).toolExecutionRequests())
                .extracting(ToolExecutionRequest::name).containsExactly("weather");
        List<Interaction> turns = memory.getContext("user-42", 100);
        assertThat(turns).extracting(Interaction::query)
                .containsExactly("Hello", "", "What is the weather in Oslo?", "", "", "", "Thanks", "");
        assertThat(turns).extracting(Interaction::answer)
                .containsExactly("", "echo: Hello (1 messages seen)", "", "", "", "4 degrees", "",
                        "echo: Thanks (7 messages seen)");
    }
}
