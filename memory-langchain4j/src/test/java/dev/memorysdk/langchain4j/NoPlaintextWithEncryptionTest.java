package dev.memorysdk.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.memorysdk.testsupport.MemoryExtension;
import dev.memorysdk.testsupport.PublicWriteMethods;
import dev.memorysdk.testsupport.PublicWriteMethods.Write;
import dev.memorysdk.testsupport.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
                NoPlaintextWithEncryptionTest::assertCiphertextOnly);
    }

    private static void assertCiphertextOnly(Write write) throws Exception {
        String conversation = "lc4j-" + UUID.randomUUID();
        write.store(conversation);

        assertThat(MEMORY.database().queryString("SELECT history::text FROM session_memory WHERE session_id = ?",
                conversation)).as("the stored row").isNotNull().contains("enc:v1:k1:").doesNotContain("Nightjar", "Kestrel");
    }
}
