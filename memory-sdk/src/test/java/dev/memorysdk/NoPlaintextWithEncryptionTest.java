package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.MessageWindowStoreTest.Note;
import dev.memorysdk.MessageWindowStoreTest.NoteCodec;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.PublicWriteMethods.Write;
import dev.memorysdk.testsupport.PublicWriteMethods;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestKeys;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every public method that can store a turn, found by reflection, stores only ciphertext while the
 * manager encrypts: checked in the table's text. A public method this test does not know fails it,
 * so a write method added later cannot skip encryption unnoticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoPlaintextWithEncryptionTest {

    private static final String SECRET_QUERY = "Nightjar launch code";
    private static final String SECRET_ANSWER = "Kestrel vault combination";
    private static final String SECRET_METADATA = "alice@example.com";

    /** Public methods of the manager that store no turn text, by {@link PublicWriteMethods#signature}. */
    private static final Set<String> MANAGER_STORES_NO_TURN_TEXT = Set.of(
            "getContext(String)", "getContext(String,int)", "readContext(String,int)", "clearMemory(String)",
            "cleanupExpiredSessions()", "cleanupExpiredSessions(Duration)", "setSessionTtl(String,Duration)", "getSessionStats(String)",
            "getAllSessions(int)", "healthCheck()", "async()", "close()", "toString()", "keyRotation()",
            "analytics()", "eraseTenant()", "builder()", "fromEnvironment()", "builderFromEnvironment(Map)");
    private static final Set<String> ASYNC_STORES_NO_TURN_TEXT = Set.of(
            "getContext(String)", "getContext(String,int)", "readContext(String,int)", "clearMemory(String)",
            "cleanupExpiredSessions()", "cleanupExpiredSessions(Duration)", "setSessionTtl(String,Duration)",
            "getSessionStats(String)", "getAllSessions(int)", "healthCheck()");
    private static final Set<String> WINDOW_STORES_NO_TURN_TEXT = Set.of(
            "read(String)", "clear(String)", "memory()", "of(MemoryManager,MessageCodec)");

    private TestDatabase database;
    private PostgresMemoryManager memory;
    private PostgresMemoryManager plainMemory;

    @BeforeAll
    void start() {
        database = TestPostgres.createDatabase().withSchema();
        memory = PostgresMemoryManager.builder().dataSource(database.dataSource()).encryption(TestKeys.withCurrent("k1"))
                .config(MemoryConfig.custom().fallbackPolicy(FallbackPolicy.FAIL).build()).build();
        plainMemory = PostgresMemoryManager.builder().dataSource(database.dataSource()).config(MemoryConfig.custom()
                .fallbackPolicy(FallbackPolicy.FAIL).build()).build();
    }

    @AfterAll
    void stop() {
        memory.close();
        plainMemory.close();
    }

    private static Interaction secretTurn() {
        return new Interaction(UUID.randomUUID().toString(), SECRET_QUERY, SECRET_ANSWER, Instant.now(),
                Map.of("user", SECRET_METADATA));
    }

    private Map<String, Write> managerWrites() {
        return Map.of(
                "addToMemory(String,String,String)", session -> memory.addToMemory(session, SECRET_QUERY, SECRET_ANSWER),
                "addToMemory(String,String,String,Instant)",
                session -> memory.addToMemory(session, SECRET_QUERY, SECRET_ANSWER, Instant.now()),
                "addToMemory(String,Interaction)", session -> memory.addToMemory(session, secretTurn()),
                "addAllToMemory(String,List)", session -> memory.addAllToMemory(session, List.of(secretTurn(), secretTurn())),
                "updateMemory(String,Collection,List)",
                session -> memory.updateMemory(session, List.of(), List.of(secretTurn())));
    }

    private Map<String, Write> asyncWrites() {
        return Map.of(
                "addToMemory(String,String,String)",
                session -> memory.async().addToMemory(session, SECRET_QUERY, SECRET_ANSWER).get(),
                "addToMemory(String,Interaction)", session -> memory.async().addToMemory(session, secretTurn()).get(),
                "addAllToMemory(String,List)", session -> memory.async().addAllToMemory(session, List.of(secretTurn())).get(),
                "addToMemory(String,String,String,Instant)",
                session -> memory.async().addToMemory(session, SECRET_QUERY, SECRET_ANSWER, Instant.now()).get(),
                "updateMemory(String,Collection,List)",
                session -> memory.async().updateMemory(session, List.of(), List.of(secretTurn())).get());
    }

    /** The pass encrypts a plain turn written by a manager without encryption. */
    private Map<String, Write> rotationWrites() {
        return Map.of(
                "rewriteBatch(String,int,boolean)", session -> {
                    plainMemory.addToMemory(session, secretTurn());
                    memory.keyRotation().rewriteBatch("", KeyRotation.MAX_BATCH_SESSIONS, true);
                },
                "rewriteAll(boolean)", session -> {
                    plainMemory.addToMemory(session, secretTurn());
                    memory.keyRotation().rewriteAll(true);
                });
    }

    private Map<String, Write> windowWrites() {
        MessageWindowStore<Note> notes = MessageWindowStore.of(memory, new NoteCodec());
        return Map.of("write(String,List)",
                session -> notes.write(session, List.of(new Note(SECRET_QUERY), new Note(SECRET_ANSWER))));
    }

    @TestFactory
    Stream<DynamicTest> everyPublicWriteMethodStoresCiphertextOnly() {
        Map<String, Write> managerWrites = managerWrites();
        return Stream.of(
                PublicWriteMethods.of(MemoryManager.class, managerWrites, MANAGER_STORES_NO_TURN_TEXT, this::assertCiphertextOnly),
                PublicWriteMethods.of(PostgresMemoryManager.class, managerWrites, MANAGER_STORES_NO_TURN_TEXT,
                        this::assertCiphertextOnly),
                PublicWriteMethods.of(AsyncMemoryManager.class, asyncWrites(), ASYNC_STORES_NO_TURN_TEXT,
                        this::assertCiphertextOnly),
                PublicWriteMethods.of(KeyRotation.class, rotationWrites(), Set.of(), this::assertCiphertextOnly),
                PublicWriteMethods.of(MessageWindowStore.class, windowWrites(), WINDOW_STORES_NO_TURN_TEXT,
                        this::assertCiphertextOnly)
        ).flatMap(tests -> tests);
    }

    private void assertCiphertextOnly(Write write) throws Exception {
        String sessionId = "session-" + UUID.randomUUID();
        write.store(sessionId);

        String stored = database.queryString("SELECT history::text FROM session_memory WHERE session_id = ?", sessionId);
        assertThat(stored).as("the stored row").isNotNull().contains("enc:v1:k1:")
                .doesNotContain("Nightjar", "Kestrel", "alice");
        assertThat(memory.getContext(sessionId)).extracting(Interaction::query).contains(SECRET_QUERY);
    }
}
