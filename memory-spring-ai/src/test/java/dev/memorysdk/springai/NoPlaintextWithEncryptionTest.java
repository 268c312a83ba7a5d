package dev.memorysdk.springai;

import dev.memorysdk.testsupport.MemoryExtension;
import dev.memorysdk.testsupport.PublicWriteMethods;
import dev.memorysdk.testsupport.PublicWriteMethods.Write;
import dev.memorysdk.testsupport.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Every public method of the repository that can write messages, found by reflection, stores only
 * ciphertext while the manager encrypts. A public method this test does not know fails it.
 */
class NoPlaintextWithEncryptionTest {

    @RegisterExtension
    static final MemoryExtension MEMORY = MemoryExtension.withBuilder(b -> b.encryption(TestKeys.withCurrent("k1")));

    private static final Set<String> STORE_NO_TEXT = Set.of("create(MemoryManager)", "findConversationIds()",
            "findByConversationId(String)", "deleteByConversationId(String)", "toString()");

    @TestFactory
    Stream<DynamicTest> everyPublicWriteMethodStoresCiphertextOnly() {
        Map<String, Write> writes = Map.of("saveAll(String,List)",
                conversation -> PostgresChatMemoryRepository.create(MEMORY.memory()).saveAll(conversation,
                        List.of(new UserMessage("Nightjar launch code"), new AssistantMessage("Kestrel vault combination"))));
        return PublicWriteMethods.of(PostgresChatMemoryRepository.class, writes, STORE_NO_TEXT,
                PublicWriteMethods.storesCiphertextOnly(MEMORY.database(), "k1", "Nightjar", "Kestrel"));
    }
}
