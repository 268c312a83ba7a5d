package dev.memorysdk.langchain4j;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;

/**
 * Stores for the test classes ported from LangChain4j, which build a new, empty store where the
 * framework's own tests build an in-memory or containerised one: one database and memory manager
 * (default settings) per JVM, emptied for each new store.
 */
public final class TestStores {

    private static TestDatabase database;
    private static PostgresMemoryManager memory;

    private TestStores() {
    }

    /** Returns a store on the shared database, after deleting every memory in it. */
    public static synchronized PostgresChatMemoryStore fresh() {
        if (memory == null) {
            database = TestPostgres.createDatabase().withSchema();
            memory = PostgresMemoryManager.builder().dataSource(database.dataSource()).build();
            Runtime.getRuntime().addShutdownHook(new Thread(memory::close, "test-stores-close"));
        }
        database.execute("DELETE FROM session_memory");
        return PostgresChatMemoryStore.create(memory);
    }
}
