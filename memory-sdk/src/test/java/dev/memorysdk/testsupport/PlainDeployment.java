package dev.memorysdk.testsupport;

import dev.memorysdk.postgres.PostgresMemoryManager;

/** A database of the JVM's shared embedded server ({@link TestPostgres}), reached directly. */
public final class PlainDeployment implements Deployment {

    private final TestDatabase database;

    private PlainDeployment(TestDatabase database) {
        this.database = database;
    }

    /** A fresh database with the migrations applied. */
    public static PlainDeployment create() {
        return new PlainDeployment(TestPostgres.createDatabase().withSchema());
    }

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    public PostgresMemoryManager.Builder connect(String role) {
        return PostgresMemoryManager.builder().jdbcUrl(database.jdbcUrlAs(role)).username(role);
    }
}
