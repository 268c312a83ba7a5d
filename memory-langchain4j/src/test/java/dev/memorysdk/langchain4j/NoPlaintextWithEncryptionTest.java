package dev.memorysdk.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
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

/**
 * Every public method of the store that can write messages, found by reflection, stores only
 * ciphertext while the manager encrypts. A public method this test does not know fails it.
 */
class NoPlaintextWithEncryptionTest {

    @RegisterExtension
    static final MemoryExtension MEMORY = MemoryExtension.withBuilder(b -> b.encryption(TestKeys.withCurrent("k1")));

    private static final Set<String> STORE_NO_TEXT = Set.of("create(MemoryManager)", "getMessages(Object)",
            "deleteMessages(Object)", "toString()");

    @TestFactory
    Stream<DynamicTest> everyPublicWriteMethodStoresCiphertextOnly() {
        Map<String, Write> writes = Map.of("updateMessages(Object,List)",
                conversation -> PostgresChatMemoryStore.create(MEMORY.memory()).updateMessages(conversation,
                        List.of(UserMessage.from("Nightjar launch code"), AiMessage.from("Kestrel vault combination"))));
        return PublicWriteMethods.of(PostgresChatMemoryStore.class, writes, STORE_NO_TEXT,
                PublicWriteMethods.storesCiphertextOnly(MEMORY.database(), "k1", "Nightjar", "Kestrel"));
    }
}
