/*
 * Copyright 2023-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// Ported from github.com/spring-projects/spring-ai at tag v2.0.1, spring-ai-client-chat/src/test/java/org/springframework/ai/chat/client/advisor/MessageChatMemoryAdvisorTests.java.
// Only the package, imports and the store's construction differ from the original: each MessageWindowChatMemory is built on a PostgresChatMemoryRepository.

package dev.memorysdk.springai.upstream;

import java.util.List;
import java.util.Map;

import dev.memorysdk.springai.TestRepositories;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.advisor.api.AdvisorChain;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/**
 * Unit tests for {@link MessageChatMemoryAdvisor}.
 *
 * @author Mark Pollack
 * @author Thomas Vitale
 */
public class MessageChatMemoryAdvisorTests {

	// -------------------------------------------------------------------------
	// Builder validation
	// -------------------------------------------------------------------------

	@Test
	void whenChatMemoryIsNullThenThrow() {
		assertThatThrownBy(() -> MessageChatMemoryAdvisor.builder(null).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("chatMemory cannot be null");
	}

	@Test
	void whenSchedulerIsNullThenThrow() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).build();
		assertThatThrownBy(() -> MessageChatMemoryAdvisor.builder(chatMemory).scheduler(null).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("scheduler cannot be null");
	}

	@Test
	void whenBuilderWithDefaultsThenSuccess() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder()
			.chatMemoryRepository(TestRepositories.fresh())
			.build();
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();
		assertThat(advisor.getOrder()).isEqualTo(Advisor.DEFAULT_CHAT_MEMORY_PRECEDENCE_ORDER);
	}

	@Test
	void whenCustomOrderIsSetThenGetOrderReturnsIt() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).build();
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory)
			.order(42)
			.scheduler(Schedulers.immediate())
			.build();
		assertThat(advisor.getOrder()).isEqualTo(42);
	}

	// -------------------------------------------------------------------------
	// Conversation ID resolution from request context
	// -------------------------------------------------------------------------

	@Test
	void whenConversationIdAbsentFromContextThenThrow() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).build();
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();

		assertThatThrownBy(() -> advisor.getConversationId(Map.of())).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null");
	}

	@Test
	void whenConversationIdPresentInContextThenReturn() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).build();
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();

		String result = advisor.getConversationId(Map.of(ChatMemory.CONVERSATION_ID, "session-42"));

		assertThat(result).isEqualTo("session-42");
	}

	// -------------------------------------------------------------------------
	// before() behavior
	// -------------------------------------------------------------------------

	@Test
	void whenBeforeWithUserMessageThenStoreInMemory() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder()
			.chatMemoryRepository(TestRepositories.fresh())
			.build();
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();
		Prompt prompt = Prompt.builder().messages(new UserMessage("Hello")).build();
		ChatClientRequest request = ChatClientRequest.builder()
			.prompt(prompt)
			.context(ChatMemory.CONVERSATION_ID, "test-conversation")
			.build();
		AdvisorChain chain = mock(AdvisorChain.class);

		advisor.before(request, chain);

		List<Message> messages = chatMemory.get("test-conversation");
		assertThat(messages).hasSize(1);
		assertThat(messages.get(0)).isInstanceOf(UserMessage.class);
		assertThat(messages.get(0).getText()).isEqualTo("Hello");
	}

	@Test
	void whenBeforeWithToolResponseMessageThenStoreInMemory() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder()
			.chatMemoryRepository(TestRepositories.fresh())
			.build();
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();
		ToolResponseMessage toolResponse = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponseMessage.ToolResponse("weatherTool", "getWeather", "Sunny, 72°F")))
			.build();
		Prompt prompt = Prompt.builder()
			.messages(new UserMessage("What's the weather?"), new AssistantMessage("Let me check..."), toolResponse)
			.build();
		ChatClientRequest request = ChatClientRequest.builder()
			.prompt(prompt)
			.context(ChatMemory.CONVERSATION_ID, "test-conversation")
			.build();
		AdvisorChain chain = mock(AdvisorChain.class);

		advisor.before(request, chain);

		List<Message> messages = chatMemory.get("test-conversation");
		assertThat(messages).hasSize(1);
		assertThat(messages.get(0)).isInstanceOf(ToolResponseMessage.class);
	}

	@Test
	void whenBeforeWithMemoryAlreadyInPromptThenDoesNotDuplicateMemory() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder()
			.chatMemoryRepository(TestRepositories.fresh())
			.build();
		UserMessage userMessage = new UserMessage("When can I pick up dog 45?");
		AssistantMessage assistantMessage = AssistantMessage.builder()
			.content("")
			.toolCalls(
					List.of(new AssistantMessage.ToolCall("call-45", "function", "schedulePickup", "{\"dogId\":45}")))
			.build();
		chatMemory.add("test-conversation", List.of(userMessage, assistantMessage));
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();
		ToolResponseMessage toolResponse = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponseMessage.ToolResponse("call-45", "schedulePickup",
					"Pickup scheduled for Tuesday morning")))
			.build();
		Prompt prompt = Prompt.builder().messages(userMessage, assistantMessage, toolResponse).build();
		ChatClientRequest request = ChatClientRequest.builder()
			.prompt(prompt)
			.context(ChatMemory.CONVERSATION_ID, "test-conversation")
			.build();
		AdvisorChain chain = mock(AdvisorChain.class);

		ChatClientRequest processedRequest = advisor.before(request, chain);

		assertThat(processedRequest.prompt().getInstructions()).containsExactly(userMessage, assistantMessage,
				toolResponse);
		assertThat(chatMemory.get("test-conversation")).containsExactly(userMessage, assistantMessage, toolResponse);
	}

	@Test
	void whenBeforeWithWindowedMemoryAlreadyInPromptThenDoesNotDuplicateMemory() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder()
			.chatMemoryRepository(TestRepositories.fresh())
			.maxMessages(3)
			.build();
		UserMessage userMessage = new UserMessage("When can I pick up dog 45?");
		AssistantMessage firstAssistantMessage = AssistantMessage.builder()
			.content("")
			.toolCalls(
					List.of(new AssistantMessage.ToolCall("call-45", "function", "schedulePickup", "{\"dogId\":45}")))
			.build();
		ToolResponseMessage firstToolResponse = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponseMessage.ToolResponse("call-45", "schedulePickup",
					"Pickup scheduled for Tuesday morning")))
			.build();
		AssistantMessage secondAssistantMessage = AssistantMessage.builder()
			.content("")
			.toolCalls(List.of(new AssistantMessage.ToolCall("call-46", "function", "confirmPickup",
					"{\"dogId\":45,\"location\":\"Lisbon\"}")))
			.build();
		chatMemory.add("test-conversation",
				List.of(userMessage, firstAssistantMessage, firstToolResponse, secondAssistantMessage));
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();
		ToolResponseMessage secondToolResponse = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponseMessage.ToolResponse("call-46", "confirmPickup",
					"Pickup confirmed for the Lisbon location")))
			.build();
		Prompt prompt = Prompt.builder()
			.messages(userMessage, firstAssistantMessage, firstToolResponse, secondAssistantMessage, secondToolResponse)
			.build();
		ChatClientRequest request = ChatClientRequest.builder()
			.prompt(prompt)
			.context(ChatMemory.CONVERSATION_ID, "test-conversation")
			.build();
		AdvisorChain chain = mock(AdvisorChain.class);

		ChatClientRequest processedRequest = advisor.before(request, chain);

		assertThat(processedRequest.prompt().getInstructions()).containsExactly(userMessage, firstAssistantMessage,
				firstToolResponse, secondAssistantMessage, secondToolResponse);
		// Turn-boundary snapping: the initial add of [U, A, TR, A] with maxMessages=3
		// places the raw cut at position 1 (firstAssistantMessage). Snapping advances
		// through A, TR, A without finding a USER boundary, so all four messages are
		// evicted.
		assertThat(chatMemory.get("test-conversation")).containsExactly(secondToolResponse);
	}

	@Test
	void whenBeforeMovesSystemMessageToFirstPosition() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder()
			.chatMemoryRepository(TestRepositories.fresh())
			.build();
		chatMemory.add("test-conversation",
				List.of(new UserMessage("Previous question"), new AssistantMessage("Previous answer")));
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();
		Prompt prompt = Prompt.builder()
			.messages(new UserMessage("Hello"), new SystemMessage("You are a helpful assistant"))
			.build();
		ChatClientRequest request = ChatClientRequest.builder()
			.prompt(prompt)
			.context(ChatMemory.CONVERSATION_ID, "test-conversation")
			.build();
		AdvisorChain chain = mock(AdvisorChain.class);

		ChatClientRequest processedRequest = advisor.before(request, chain);

		List<Message> processedMessages = processedRequest.prompt().getInstructions();
		assertThat(processedMessages.get(0)).isInstanceOf(SystemMessage.class);
		assertThat(processedMessages.get(0).getText()).isEqualTo("You are a helpful assistant");
	}

	@Test
	void whenBeforeSystemMessageAlreadyFirstThenKeepOrder() {
		ChatMemory chatMemory = MessageWindowChatMemory.builder()
			.chatMemoryRepository(TestRepositories.fresh())
			.build();
		MessageChatMemoryAdvisor advisor = MessageChatMemoryAdvisor.builder(chatMemory).build();
		Prompt prompt = Prompt.builder()
			.messages(new SystemMessage("You are a helpful assistant"), new UserMessage("Hello"))
			.build();
		ChatClientRequest request = ChatClientRequest.builder()
			.prompt(prompt)
			.context(ChatMemory.CONVERSATION_ID, "test-conversation")
			.build();
		AdvisorChain chain = mock(AdvisorChain.class);

		ChatClientRequest processedRequest = advisor.before(request, chain);

		List<Message> processedMessages = processedRequest.prompt().getInstructions();
		assertThat(processedMessages.get(0)).isInstanceOf(SystemMessage.class);
		assertThat(processedMessages.get(0).getText()).isEqualTo("You are a helpful assistant");
		assertThat(processedMessages.get(1)).isInstanceOf(UserMessage.class);
	}

}
