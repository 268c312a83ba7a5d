package dev.memorysdk.testsupport;

import dev.memorysdk.MemoryConfig;
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
    public MemoryConfig.Builder connect(String role) {
        return MemoryConfig.custom().jdbcUrl(database.jdbcUrlAs(role)).username(role);
    }
}
