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

// Ported from github.com/spring-projects/spring-ai at tag v2.0.1, spring-ai-model/src/test/java/org/springframework/ai/chat/memory/MessageWindowChatMemoryTests.java.
// Only the package, imports and the store's construction differ from the original: every MessageWindowChatMemory is built on a PostgresChatMemoryRepository (the original builds the in-memory default).

package dev.memorysdk.springai.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.memorysdk.springai.TestRepositories;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unit tests for {@link MessageWindowChatMemory}.
 *
 * @author Thomas Vitale
 */
public class MessageWindowChatMemoryTests {

	private final MessageWindowChatMemory chatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).build();

	@Test
	void zeroMaxMessagesNotAllowed() {
		assertThatThrownBy(() -> MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(0).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("maxMessages must be greater than 0");
	}

	@Test
	void negativeMaxMessagesNotAllowed() {
		assertThatThrownBy(() -> MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(-1).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("maxMessages must be greater than 0");
	}

	@Test
	void handleMultipleMessagesInConversation() {
		String conversationId = UUID.randomUUID().toString();
		List<Message> messages = List.of(new AssistantMessage("I, Robot"), new UserMessage("Hello"));

		this.chatMemory.add(conversationId, messages);

		assertThat(this.chatMemory.get(conversationId)).containsAll(messages);

		this.chatMemory.clear(conversationId);

		assertThat(this.chatMemory.get(conversationId)).isEmpty();
	}

	@Test
	void handleSingleMessageInConversation() {
		String conversationId = UUID.randomUUID().toString();
		Message message = new UserMessage("Hello");

		this.chatMemory.add(conversationId, message);

		assertThat(this.chatMemory.get(conversationId)).contains(message);

		this.chatMemory.clear(conversationId);

		assertThat(this.chatMemory.get(conversationId)).isEmpty();
	}

	@Test
	void nullConversationIdNotAllowed() {
		assertThatThrownBy(() -> this.chatMemory.add(null, List.of(new UserMessage("Hello"))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");

		assertThatThrownBy(() -> this.chatMemory.add(null, new UserMessage("Hello")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");

		assertThatThrownBy(() -> this.chatMemory.get(null)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");

		assertThatThrownBy(() -> this.chatMemory.clear(null)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");
	}

	@Test
	void emptyConversationIdNotAllowed() {
		assertThatThrownBy(() -> this.chatMemory.add("", List.of(new UserMessage("Hello"))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");

		assertThatThrownBy(() -> this.chatMemory.add(null, new UserMessage("Hello")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");

		assertThatThrownBy(() -> this.chatMemory.get("")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");

		assertThatThrownBy(() -> this.chatMemory.clear("")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("conversationId cannot be null or empty");
	}

	@Test
	void nullMessagesNotAllowed() {
		String conversationId = UUID.randomUUID().toString();
		assertThatThrownBy(() -> this.chatMemory.add(conversationId, (List<Message>) null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("messages cannot be null");
	}

	@Test
	void nullMessageNotAllowed() {
		String conversationId = UUID.randomUUID().toString();
		assertThatThrownBy(() -> this.chatMemory.add(conversationId, (Message) null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("message cannot be null");
	}

	@Test
	void messagesWithNullElementsNotAllowed() {
		String conversationId = UUID.randomUUID().toString();
		List<Message> messagesWithNull = new ArrayList<>();
		messagesWithNull.add(null);

		assertThatThrownBy(() -> this.chatMemory.add(conversationId, messagesWithNull))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("messages cannot contain null elements");
	}

	@Test
	void customMaxMessages() {
		String conversationId = UUID.randomUUID().toString();
		int customMaxMessages = 2;

		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh())
			.maxMessages(customMaxMessages)
			.build();

		List<Message> messages = List.of(new UserMessage("Message 1"), new AssistantMessage("Response 1"),
				new UserMessage("Message 2"), new AssistantMessage("Response 2"), new UserMessage("Message 3"));

		customChatMemory.add(conversationId, messages);
		List<Message> result = customChatMemory.get(conversationId);

		// Turn-boundary snapping: the raw cut lands on "Response 2" (ASSISTANT), which
		// is mid-turn, so the cut advances to "Message 3" (USER). Only the incomplete
		// last turn is kept rather than producing an orphaned assistant message.
		assertThat(result).containsExactly(new UserMessage("Message 3"));
	}

	@Test
	void noEvictionWhenMessagesWithinLimit() {
		int limit = 3;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> memoryMessages = new ArrayList<>(
				List.of(new UserMessage("Hello"), new AssistantMessage("Hi there")));
		customChatMemory.add(conversationId, memoryMessages);

		List<Message> newMessages = new ArrayList<>(List.of(new UserMessage("How are you?")));
		customChatMemory.add(conversationId, newMessages);

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).hasSize(limit);
		assertThat(result).containsExactly(new UserMessage("Hello"), new AssistantMessage("Hi there"),
				new UserMessage("How are you?"));
	}

	@Test
	void evictionWhenMessagesExceedLimit() {
		int limit = 2;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> memoryMessages = new ArrayList<>(
				List.of(new UserMessage("Message 1"), new AssistantMessage("Response 1")));
		customChatMemory.add(conversationId, memoryMessages);

		List<Message> newMessages = new ArrayList<>(
				List.of(new UserMessage("Message 2"), new AssistantMessage("Response 2")));
		customChatMemory.add(conversationId, newMessages);

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).hasSize(limit);
		assertThat(result).containsExactly(new UserMessage("Message 2"), new AssistantMessage("Response 2"));
	}

	@Test
	void systemMessageIsPreservedDuringEviction() {
		int limit = 3;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> memoryMessages = new ArrayList<>(List.of(new SystemMessage("System instruction"),
				new UserMessage("Message 1"), new AssistantMessage("Response 1")));
		customChatMemory.add(conversationId, memoryMessages);

		List<Message> newMessages = new ArrayList<>(
				List.of(new UserMessage("Message 2"), new AssistantMessage("Response 2")));
		customChatMemory.add(conversationId, newMessages);

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).hasSize(limit);
		assertThat(result).containsExactly(new SystemMessage("System instruction"), new UserMessage("Message 2"),
				new AssistantMessage("Response 2"));
	}

	@Test
	void multipleSystemMessagesArePreservedDuringEviction() {
		int limit = 3;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> memoryMessages = new ArrayList<>(
				List.of(new SystemMessage("System instruction 1"), new SystemMessage("System instruction 2"),
						new UserMessage("Message 1"), new AssistantMessage("Response 1")));
		customChatMemory.add(conversationId, memoryMessages);

		List<Message> newMessages = new ArrayList<>(
				List.of(new UserMessage("Message 2"), new AssistantMessage("Response 2")));
		customChatMemory.add(conversationId, newMessages);

		List<Message> result = customChatMemory.get(conversationId);

		// Two system messages occupy 2 of the 3 slots, leaving only 1 for non-system
		// messages. A single slot cannot hold a complete turn (USER + ASSISTANT = 2),
		// so turn-boundary snapping evicts all non-system messages rather than keeping
		// an orphaned assistant message.
		assertThat(result).containsExactly(new SystemMessage("System instruction 1"),
				new SystemMessage("System instruction 2"));
	}

	@Test
	void emptyMessageList() {
		String conversationId = UUID.randomUUID().toString();

		List<Message> result = this.chatMemory.get(conversationId);

		assertThat(result).isEmpty();
	}

	@Test
	void turnBoundarySnappingPreventsOrphanedAssistantMessage() {
		// Turn 1: [U1, A1] Turn 2: [U2, A2] Turn 3: [U3, A3]
		// With limit=3 and 6 total messages, the raw cut index is 3 — landing on A2
		// (ASSISTANT), which is mid-turn 2. Snapping advances to U3, evicting both
		// turns 1 and 2 rather than producing an orphaned assistant message.
		int limit = 3;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> messages = List.of(new UserMessage("Question 1"), new AssistantMessage("Answer 1"),
				new UserMessage("Question 2"), new AssistantMessage("Answer 2"), new UserMessage("Question 3"),
				new AssistantMessage("Answer 3"));
		customChatMemory.add(conversationId, messages);

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).containsExactly(new UserMessage("Question 3"), new AssistantMessage("Answer 3"));
	}

	@Test
	void turnBoundarySnappingEvictsAllMessagesWithinTheSameTurn() {
		// Turn 1: [U1, A1a, A1b, A1c] Turn 2: [U2, A2]
		// With limit=4 and 6 total messages, the raw cut index is 2 — landing on A1b
		// (ASSISTANT), still inside turn 1. Snapping skips A1b and A1c to reach U2,
		// evicting all four messages of turn 1 rather than leaving a partial turn.
		int limit = 4;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> messages = List.of(new UserMessage("Question 1"), new AssistantMessage("Step 1"),
				new AssistantMessage("Step 2"), new AssistantMessage("Final answer"), new UserMessage("Question 2"),
				new AssistantMessage("Answer 2"));
		customChatMemory.add(conversationId, messages);

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).containsExactly(new UserMessage("Question 2"), new AssistantMessage("Answer 2"));
	}

	@Test
	void noSnapWhenRawCutAlreadyLandsOnUserMessage() {
		// When the raw cut happens to fall exactly on a USER message no additional
		// messages should be evicted.
		int limit = 4;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> messages = List.of(new UserMessage("Message 1"), new AssistantMessage("Response 1"),
				new UserMessage("Message 2"), new AssistantMessage("Response 2"), new UserMessage("Message 3"),
				new AssistantMessage("Response 3"));
		customChatMemory.add(conversationId, messages);

		List<Message> result = customChatMemory.get(conversationId);

		// Raw cut lands at "Message 2" (USER) — no snapping needed; exactly 4 kept.
		assertThat(result).containsExactly(new UserMessage("Message 2"), new AssistantMessage("Response 2"),
				new UserMessage("Message 3"), new AssistantMessage("Response 3"));
	}

	@Test
	void noExceptionWhenSystemMessagesExceedMaxMessages() {
		// If more SystemMessages accumulate than maxMessages, cutIndex would exceed
		// nonSystemIndices.size() and subList would throw without the min() clamp.
		int limit = 2;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		customChatMemory.add(conversationId, List.of(new SystemMessage("S1"), new SystemMessage("S2")));
		customChatMemory.add(conversationId,
				List.of(new UserMessage("Hello"), new AssistantMessage("Hi"), new UserMessage("Again")));

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).containsExactly(new SystemMessage("S1"), new SystemMessage("S2"));
	}

	@Test
	void oldSystemMessagesAreRemovedWhenNewOneAdded() {
		int limit = 2;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> memoryMessages = new ArrayList<>(
				List.of(new SystemMessage("System instruction 1"), new SystemMessage("System instruction 2")));
		customChatMemory.add(conversationId, memoryMessages);

		List<Message> newMessages = new ArrayList<>(List.of(new SystemMessage("System instruction 3")));
		customChatMemory.add(conversationId, newMessages);

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).hasSize(1);
		assertThat(result).containsExactly(new SystemMessage("System instruction 3"));
	}

	@Test
	void mixedMessagesWithLimitEqualToSystemMessageCount() {
		int limit = 2;
		MessageWindowChatMemory customChatMemory = MessageWindowChatMemory.builder().chatMemoryRepository(TestRepositories.fresh()).maxMessages(limit).build();

		String conversationId = UUID.randomUUID().toString();
		List<Message> memoryMessages = new ArrayList<>(
				List.of(new SystemMessage("System instruction 1"), new SystemMessage("System instruction 2")));
		customChatMemory.add(conversationId, memoryMessages);

		List<Message> newMessages = new ArrayList<>(
				List.of(new UserMessage("Message 1"), new AssistantMessage("Response 1")));
		customChatMemory.add(conversationId, newMessages);

		List<Message> result = customChatMemory.get(conversationId);

		assertThat(result).hasSize(2);
		assertThat(result).containsExactly(new SystemMessage("System instruction 1"),
				new SystemMessage("System instruction 2"));
	}

}
