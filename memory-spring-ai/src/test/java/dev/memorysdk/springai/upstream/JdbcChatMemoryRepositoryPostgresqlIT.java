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

// Ported from github.com/spring-projects/spring-ai at tag v2.0.1, memory-repositories/spring-ai-model-chat-memory-repository-jdbc/src/test/java/org/springframework/ai/chat/memory/repository/jdbc/JdbcChatMemoryRepositoryPostgresqlIT.java.
// Only the package, imports and the store's construction differ from the original: AbstractJdbcChatMemoryRepositoryIT builds the repository on the embedded PostgreSQL (no Spring context, container or schema script).

package dev.memorysdk.springai.upstream;

/**
 * Integration tests for JdbcChatMemoryRepository with PostgreSQL.
 *
 * @author Jonathan Leijendekker
 * @author Thomas Vitale
 * @author Mark Pollack
 * @author Yanming Zhou
 */
class JdbcChatMemoryRepositoryPostgresqlIT extends AbstractJdbcChatMemoryRepositoryIT {

}
