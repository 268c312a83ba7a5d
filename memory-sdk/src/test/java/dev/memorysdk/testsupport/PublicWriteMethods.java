package dev.memorysdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * One dynamic test per public method of a type, found by reflection: a method known to write gets
 * its write checked, a method known to store no text passes, and any other method fails, so that a
 * write method added later cannot go unchecked.
 */
public final class PublicWriteMethods {

    private PublicWriteMethods() {
    }

    /** A call that stores secret text in {@code sessionId} through one write method. */
    @FunctionalInterface
    public interface Write {
        void store(String sessionId) throws Exception;
    }

    /** What is asserted after a {@link Write}. */
    @FunctionalInterface
    public interface WriteCheck {
        void check(Write write) throws Exception;
    }

    /**
     * The dynamic tests of every public method of {@code type} (those of {@link Object} aside).
     *
     * @param writes      how each write method, by {@link #signature}, stores secret text
     * @param storeNoText the signatures of the methods that store no text
     * @param check       runs a write and asserts what it stored
     */
    public static Stream<DynamicTest> of(Class<?> type, Map<String, Write> writes, Set<String> storeNoText,
                                         WriteCheck check) {
        return Arrays.stream(type.getMethods())
                .filter(method -> method.getDeclaringClass() != Object.class && !method.isSynthetic())
                .map(method -> DynamicTest.dynamicTest(type.getSimpleName() + "." + signature(method), () -> {
                    Write write = writes.get(signature(method));
                    if (write != null) {
                        check.check(write);
                    } else if (!storeNoText.contains(signature(method))) {
                        fail("public method " + type.getSimpleName() + "." + signature(method) + " is unknown to "
                                + "this test: add a call storing secret text to its writes, or its signature to "
                                + "the methods that store no text");
                    }
                }));
    }

    /**
     * A check that runs a write into a new session of {@code database} and asserts that its row
     * holds ciphertext under {@code keyId} and none of {@code secrets}.
     */
    public static WriteCheck storesCiphertextOnly(TestDatabase database, String keyId, String... secrets) {
        return write -> {
            String sessionId = "ciphertext-" + UUID.randomUUID();
            write.store(sessionId);

            assertThat(database.queryString("SELECT history::text FROM session_memory WHERE session_id = ?", sessionId))
                    .as("the stored row").isNotNull().contains("enc:v1:" + keyId + ":").doesNotContain(secrets);
        };
    }

    /** {@code name(SimpleType,...)}: how a method is named in the maps of {@link #of}. */
    public static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }
}
