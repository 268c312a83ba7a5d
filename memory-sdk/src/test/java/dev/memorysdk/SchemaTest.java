package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memorysdk.internal.schema.SchemaInitializer;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class SchemaTest {

    private static final Path SQL_DIRECTORY = Path.of("..", "sql");

    private static PostgresMemoryManager memoryWithoutSchemaSetup(TestDatabase database) {
        return PostgresMemoryManager.builder().dataSource(database.dataSource())
                .config(MemoryConfig.custom().initializeSchema(false).build()).build();
    }

    private static void assertWorks(TestDatabase database) {
        try (PostgresMemoryManager memory = memoryWithoutSchemaSetup(database)) {
            memory.setSessionTtl("s", java.time.Duration.ofHours(2));
            assertThat(memory.addToMemory("s", "q", "a")).isTrue();
            assertThat(memory.getContext("s")).extracting(Interaction::query).containsExactly("q");
        }
    }

    @Test
    void initializeSchemaCreatesEverythingOnAnEmptyDatabase() {
        TestDatabase database = TestPostgres.createDatabase();
        PostgresMemoryManager.builder().dataSource(database.dataSource())
                .config(MemoryConfig.custom().initializeSchema(true).build()).build().close();
        assertWorks(database);
        assertThat(indexes(database)).contains("idx_session_memory_updated_at", "session_memory_pkey");
    }

    @Test
    void everyMigrationCanRunTwice() {
        TestDatabase database = TestPostgres.createDatabase();
        SchemaInitializer.apply(database.dataSource());
        SchemaInitializer.apply(database.dataSource());
        assertWorks(database);
    }

    @Test
    void theBundledMigrationsAreTheFilesInSql() throws Exception {
        List<String> files = new ArrayList<>();
        try (var listing = Files.list(SQL_DIRECTORY)) {
            listing.map(path -> path.getFileName().toString()).filter(name -> name.matches("V\\d+__.+\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).forEach(files::add);
        }
        assertThat(SchemaInitializer.MIGRATIONS).containsExactlyElementsOf(files);
        for (String file : files) {
            assertThat(SchemaInitializer.script(file)).isEqualTo(Files.readString(SQL_DIRECTORY.resolve(file)));
        }
    }

    @Test
    void flywayAppliesTheSameMigrations() {
        TestDatabase database = TestPostgres.createDatabase();
        Flyway flyway = Flyway.configure()
                .dataSource(database.jdbcUrl(), TestDatabase.USER, null)
                .locations("classpath:dev/memorysdk/sql")
                .load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(SchemaInitializer.MIGRATIONS.size());
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertWorks(database);
    }

    @Test
    void upgradesATableCreatedByAnExistingServiceInPlace() {
        TestDatabase database = TestPostgres.createDatabase();
        database.execute(SchemaInitializer.script("V1__create_session_memory.sql"));
        database.update("INSERT INTO session_memory (session_id, history) VALUES ('existing', "
                + "jsonb_build_array(jsonb_build_object('query', 'q', 'answer', 'a', 'timestamp', now()::timestamp::text)))");

        PostgresMemoryManager.builder().dataSource(database.dataSource())
                .config(MemoryConfig.custom().initializeSchema(true).build()).build().close();

        try (PostgresMemoryManager memory = memoryWithoutSchemaSetup(database)) {
            assertThat(memory.getContext("existing")).extracting(Interaction::query).containsExactly("q");
            memory.setSessionTtl("existing", java.time.Duration.ofHours(1));
        }
    }

    @Test
    void psqlRunsTheScriptsTwiceWithOnErrorStop() throws Exception {
        assumeTrue(onPath("psql"), "psql is not installed");
        TestDatabase database = TestPostgres.createDatabase();
        URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        for (int round = 0; round < 2; round++) {
            for (String migration : SchemaInitializer.MIGRATIONS) {
                Process psql = new ProcessBuilder("psql", "-v", "ON_ERROR_STOP=1", "-q",
                        "-h", uri.getHost(), "-p", String.valueOf(uri.getPort()), "-U", TestDatabase.USER,
                        "-d", database.name(), "-f", SQL_DIRECTORY.resolve(migration).toString())
                        .redirectErrorStream(true).start();
                String output = new String(psql.getInputStream().readAllBytes());
                assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(psql.exitValue()).as("psql -f %s: %s", migration, output).isZero();
            }
        }
        assertWorks(database);
    }

    private static int version(String migration) {
        return Integer.parseInt(migration.substring(1, migration.indexOf("__")));
    }

    private static List<String> indexes(TestDatabase database) {
        List<String> names = new ArrayList<>();
        String all = database.queryString(
                "SELECT string_agg(indexname, ',') FROM pg_indexes WHERE tablename = 'session_memory'");
        for (String name : all.split(",")) {
            names.add(name);
        }
        return names;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
