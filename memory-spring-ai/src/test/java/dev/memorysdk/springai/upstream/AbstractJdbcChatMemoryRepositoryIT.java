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

// Ported from github.com/spring-projects/spring-ai at tag v2.0.1, memory-repositories/spring-ai-model-chat-memory-repository-jdbc/src/test/java/org/springframework/ai/chat/memory/repository/jdbc/AbstractJdbcChatMemoryRepositoryIT.java.
// Only the package, imports and the store's construction differ from the original: each test gets a new PostgresChatMemoryRepository instead of a JdbcChatMemoryRepository from a Spring context. The tests of the JDBC repository's own table, of its dropping tool messages and of its timestamp metadata stay out (docs/integration.md).

package dev.memorysdk.springai.upstream;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.memorysdk.springai.TestRepositories;
import dev.memorysdk.springai.PostgresChatMemoryRepository;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base class for integration tests for JdbcChatMemoryRepository.
 *
 * @author Mark Pollack
 * @author Yanming Zhou
 */
public abstract class AbstractJdbcChatMemoryRepositoryIT {

	protected PostgresChatMemoryRepository chatMemoryRepository = TestRepositories.fresh();

	@Test
	void findMessagesByConversationId() {
		var conversationId = UUID.randomUUID().toString();
		var messages = List.<Message>of(new AssistantMessage("Message from assistant 1 - " + conversationId),
				new AssistantMessage("Message from assistant 2 - " + conversationId),
				new UserMessage("Message from user - " + conversationId),
				new SystemMessage("Message from system - " + conversationId));

		this.chatMemoryRepository.saveAll(conversationId, messages);

		var results = this.chatMemoryRepository.findByConversationId(conversationId);

		assertThat(results.size()).isEqualTo(messages.size());
		// Read-back messages carry timestamp metadata, so compare content and type rather
		// than full object equality.
		assertThat(results).extracting(Message::getText)
			.containsExactlyElementsOf(messages.stream().map(Message::getText).toList());
		assertThat(results).extracting(Message::getMessageType)
			.containsExactlyElementsOf(messages.stream().map(Message::getMessageType).toList());
	}

	@Test
	void testMessageOrder() {

		var conversationId = UUID.randomUUID().toString();

		// Create messages with very distinct content to make order obvious
		var firstMessage = new UserMessage("1-First message");
		var secondMessage = new AssistantMessage("2-Second message");
		var thirdMessage = new UserMessage("3-Third message");
		var fourthMessage = new SystemMessage("4-Fourth message");

		// Save messages in the expected order
		List<Message> orderedMessages = List.of(firstMessage, secondMessage, thirdMessage, fourthMessage);
		this.chatMemoryRepository.saveAll(conversationId, orderedMessages);

		// Retrieve messages using the repository
		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);
		assertThat(retrievedMessages).hasSize(4);

		// Get the actual order from the retrieved messages
		List<String> retrievedContents = retrievedMessages.stream().map(Message::getText).collect(Collectors.toList());

		// Messages should be in the original order (ASC)
		assertThat(retrievedContents).containsExactly("1-First message", "2-Second message", "3-Third message",
				"4-Fourth message");
	}

	@Test
	void testMessageOrderWithLargeBatch() {
		var conversationId = UUID.randomUUID().toString();

		// Create a large batch of 50 messages to ensure ordering is preserved.
		// The sequence_id column stores each message's position in the conversation,
		// so ordering is deterministic across all databases regardless of timestamp
		// precision.
		List<Message> messages = new java.util.ArrayList<>();
		for (int i = 0; i < 50; i++) {
			messages.add(new UserMessage("Message " + i));
		}

		this.chatMemoryRepository.saveAll(conversationId, messages);

		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);

		// Verify we got all messages back in the exact order they were saved
		assertThat(retrievedMessages).hasSize(50);
		for (int i = 0; i < 50; i++) {
			assertThat(retrievedMessages.get(i).getText()).isEqualTo("Message " + i);
		}
	}

}
