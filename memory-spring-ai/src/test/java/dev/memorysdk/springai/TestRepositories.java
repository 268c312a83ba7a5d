package dev.memorysdk.springai;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;

/**
 * Repositories for the test classes ported from Spring AI, which build a new, empty repository
 * where the framework's own tests build an in-memory or containerised one: one database and memory
 * manager (default settings) per JVM, emptied for each new repository.
 */
public final class TestRepositories {

    private static TestDatabase database;
    private static PostgresMemoryManager memory;

    private TestRepositories() {
    }

    /** Returns a repository on the shared database, after deleting every conversation in it. */
    public static synchronized PostgresChatMemoryRepository fresh() {
        if (memory == null) {
            database = TestPostgres.createDatabase().withSchema();
            memory = PostgresMemoryManager.builder().dataSource(database.dataSource()).build();
            Runtime.getRuntime().addShutdownHook(new Thread(memory::close, "test-repositories-close"));
        }
        database.execute("DELETE FROM session_memory");
        return PostgresChatMemoryRepository.create(memory);
    }
}
