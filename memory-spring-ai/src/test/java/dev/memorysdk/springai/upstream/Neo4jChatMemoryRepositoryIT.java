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

// Ported from github.com/spring-projects/spring-ai at tag v2.0.1, memory-repositories/spring-ai-model-chat-memory-repository-neo4j/src/test/java/org/springframework/ai/chat/memory/repository/neo4j/Neo4jChatMemoryRepositoryIT.java.
// Only the package, imports and the store's construction differ from the original: each test gets a new PostgresChatMemoryRepository instead of a Neo4jChatMemoryRepository on a Neo4j container. The tests that query Neo4j directly, assert the Neo4j repository's class, its added messageType metadata key or its failure on Optional metadata stay out (docs/integration.md).

package dev.memorysdk.springai.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.memorysdk.springai.TestRepositories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage.ToolResponse;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for Neo4jChatMemoryRepository.
 *
 * @author Enrico Rampazzo
 * @since 1.0.0
 */
class Neo4jChatMemoryRepositoryIT {

	private ChatMemoryRepository chatMemoryRepository;

	@BeforeEach
	void setUp() {
		this.chatMemoryRepository = TestRepositories.fresh();
	}

	@Test
	void saveAndFindMultipleMessages() {
		var conversationId = UUID.randomUUID().toString();
		List<Message> messages = List.of(new AssistantMessage("Message from assistant - " + conversationId),
				new UserMessage("Message from user - " + conversationId),
				new SystemMessage("Message from system - " + conversationId),
				ToolResponseMessage.builder()
					.responses(List.of(new ToolResponse("id", "name", "responseData")))
					.build());

		this.chatMemoryRepository.saveAll(conversationId, messages);
		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);

		assertThat(retrievedMessages).hasSize(messages.size());

		// Verify the order is preserved (ascending by index)
		for (int i = 0; i < messages.size(); i++) {
			if (messages.get(i).getMessageType() != MessageType.TOOL) {
				assertThat(retrievedMessages.get(i).getText()).isEqualTo(messages.get(i).getText());
			}
			assertThat(retrievedMessages.get(i).getMessageType()).isEqualTo(messages.get(i).getMessageType());
		}
	}

	@Test
	void verifyMessageOrdering() {
		var conversationId = UUID.randomUUID().toString();
		List<Message> messages = new ArrayList<>();

		// Add messages in a specific order
		for (int i = 1; i <= 5; i++) {
			messages.add(new UserMessage("Message " + i));
		}

		this.chatMemoryRepository.saveAll(conversationId, messages);
		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);

		assertThat(retrievedMessages).hasSize(messages.size());

		// Verify that messages are returned in ascending order (oldest first)
		for (int i = 0; i < messages.size(); i++) {
			assertThat(retrievedMessages.get(i).getText()).isEqualTo("Message " + (i + 1));
		}
	}

	@Test
	void findConversationIds() {
		// Create multiple conversations
		var conversationId1 = UUID.randomUUID().toString();
		var conversationId2 = UUID.randomUUID().toString();
		var conversationId3 = UUID.randomUUID().toString();

		this.chatMemoryRepository.saveAll(conversationId1,
				List.<Message>of(new UserMessage("Message for conversation 1")));
		this.chatMemoryRepository.saveAll(conversationId2,
				List.<Message>of(new UserMessage("Message for conversation 2")));
		this.chatMemoryRepository.saveAll(conversationId3,
				List.<Message>of(new UserMessage("Message for conversation 3")));

		List<String> conversationIds = this.chatMemoryRepository.findConversationIds();

		assertThat(conversationIds).hasSize(3);
		assertThat(conversationIds).contains(conversationId1, conversationId2, conversationId3);
	}

	@Test
	void saveAllReplacesExistingMessages() {
		var conversationId = UUID.randomUUID().toString();

		// Save initial messages
		List<Message> initialMessages = List.of(new UserMessage("Initial message 1"),
				new UserMessage("Initial message 2"), new UserMessage("Initial message 3"));
		this.chatMemoryRepository.saveAll(conversationId, initialMessages);

		// Verify initial messages were saved
		assertThat(this.chatMemoryRepository.findByConversationId(conversationId)).hasSize(3);

		// Replace with new messages
		List<Message> newMessages = List.of(new UserMessage("New message 1"), new UserMessage("New message 2"));
		this.chatMemoryRepository.saveAll(conversationId, newMessages);

		// Verify only new messages exist
		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);
		assertThat(retrievedMessages).hasSize(2);
		assertThat(retrievedMessages.get(0).getText()).isEqualTo("New message 1");
		assertThat(retrievedMessages.get(1).getText()).isEqualTo("New message 2");
	}

	@Test
	void handleMediaContent() {
		var conversationId = UUID.randomUUID().toString();

		MimeType textPlain = MimeType.valueOf("text/plain");
		List<Media> media = List.of(Media.builder()
			.name("some media")
			.id(UUID.randomUUID().toString())
			.mimeType(textPlain)
			.data("hello".getBytes(StandardCharsets.UTF_8))
			.build(), Media.builder().data(URI.create("http://www.example.com")).mimeType(textPlain).build());

		UserMessage userMessageWithMedia = UserMessage.builder().text("Message with media").media(media).build();

		this.chatMemoryRepository.saveAll(conversationId, List.<Message>of(userMessageWithMedia));

		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);
		assertThat(retrievedMessages).hasSize(1);

		UserMessage retrievedMessage = (UserMessage) retrievedMessages.get(0);
		assertThat(retrievedMessage.getMedia()).hasSize(2);
		assertThat(retrievedMessage.getMedia()).usingRecursiveFieldByFieldElementComparator().isEqualTo(media);
	}

	@Test
	void handleAssistantMessageWithToolCalls() {
		var conversationId = UUID.randomUUID().toString();

		AssistantMessage assistantMessage = AssistantMessage.builder()
			.content("Message with tool calls")
			.properties(Map.of())
			.toolCalls(List.of(new AssistantMessage.ToolCall("id1", "type1", "name1", "arguments1"),
					new AssistantMessage.ToolCall("id2", "type2", "name2", "arguments2")))
			.build();

		this.chatMemoryRepository.saveAll(conversationId, List.<Message>of(assistantMessage));

		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);
		assertThat(retrievedMessages).hasSize(1);

		AssistantMessage retrievedMessage = (AssistantMessage) retrievedMessages.get(0);
		assertThat(retrievedMessage.getToolCalls()).hasSize(2);
		assertThat(retrievedMessage.getToolCalls().get(0).id()).isEqualTo("id1");
		assertThat(retrievedMessage.getToolCalls().get(1).id()).isEqualTo("id2");
	}

	@Test
	void handleToolResponseMessage() {
		var conversationId = UUID.randomUUID().toString();

		ToolResponseMessage toolResponseMessage = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponse("id1", "name1", "responseData1"),
					new ToolResponse("id2", "name2", "responseData2")))
			.metadata(Map.of("metadataKey", "metadataValue"))
			.build();

		this.chatMemoryRepository.saveAll(conversationId, List.<Message>of(toolResponseMessage));

		List<Message> retrievedMessages = this.chatMemoryRepository.findByConversationId(conversationId);
		assertThat(retrievedMessages).hasSize(1);

		ToolResponseMessage retrievedMessage = (ToolResponseMessage) retrievedMessages.get(0);
		assertThat(retrievedMessage.getResponses()).hasSize(2);
		assertThat(retrievedMessage.getResponses().get(0).id()).isEqualTo("id1");
		assertThat(retrievedMessage.getResponses().get(1).id()).isEqualTo("id2");
		assertThat(retrievedMessage.getMetadata()).containsEntry("metadataKey", "metadataValue");
	}

	private Message createMessageByType(String content, MessageType messageType) {
		return switch (messageType) {
			case ASSISTANT -> new AssistantMessage(content);
			case USER -> new UserMessage(content);
			case SYSTEM -> new SystemMessage(content);
			case TOOL -> ToolResponseMessage.builder()
				.responses(List.of(new ToolResponse("id", "name", "responseData")))
				.build();
		};
	}

}
