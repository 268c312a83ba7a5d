package dev.memorysdk.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {

    private static long indexCount(TestDatabase database, String index) {
        return database.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'session_memory' AND indexname = ?",
                index);
    }

    @Nested
    class AppliedByTheSdk {

        @Test
        void appliesEveryMigrationAndDropsTheGinIndex() {
            TestDatabase database = TestPostgres.createDatabase().withSchema();

            assertThat(indexCount(database, "idx_session_memory_history")).isZero();
            assertThat(indexCount(database, "idx_session_memory_updated_at")).isOne();
            assertThat(database.queryLong("SELECT count(*) FROM " + SchemaInitializer.APPLIED_TABLE))
                    .isEqualTo(SchemaInitializer.MIGRATIONS.size());
        }

        @Test
        void doesNotRunRecordedScriptsAgainSoTheGinIndexIsNotRebuiltAtEveryStart() {
            TestDatabase database = TestPostgres.createDatabase().withSchema();
            database.execute("CREATE INDEX marker_index ON session_memory (ttl_seconds)");
            database.execute("DROP INDEX idx_session_memory_own_ttl");

            SchemaInitializer.apply(database.dataSource());

            assertThat(indexCount(database, "idx_session_memory_own_ttl")).as("V2 not run again").isZero();
            assertThat(indexCount(database, "idx_session_memory_history")).isZero();
        }

        @Test
        void appliesEverythingAgainWhenTheTableWasDropped() {
            TestDatabase database = TestPostgres.createDatabase().withSchema();
            database.execute("DROP TABLE session_memory");

            SchemaInitializer.apply(database.dataSource());

            assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isZero();
            assertThat(indexCount(database, "idx_session_memory_own_ttl")).isOne();
        }

        @Test
        void upgradesATableTheSeedCreatedKeepingItsRows() {
            TestDatabase database = TestPostgres.createDatabase();
            database.execute(SchemaInitializer.script("V1__create_session_memory.sql"));
            database.execute("INSERT INTO session_memory (session_id, history) VALUES ('kept', '[]')");

            SchemaInitializer.apply(database.dataSource());

            assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'kept'")).isOne();
            assertThat(indexCount(database, "idx_session_memory_history")).isZero();
        }
    }

    @Nested
    class AppliedAsPlainScripts {

        @Test
        void everyScriptRunsTwiceWithoutError() {
            TestDatabase database = TestPostgres.createDatabase();
            for (int run = 0; run < 2; run++) {
                for (String migration : SchemaInitializer.MIGRATIONS) {
                    database.execute(SchemaInitializer.script(migration));
                }
            }

            assertThat(indexCount(database, "idx_session_memory_history")).isZero();
        }

        @Test
        void v3SetsLz4WhereTheServerHasItAndOtherwiseKeepsTheCompression() {
            TestDatabase database = TestPostgres.createDatabase().withSchema();
            boolean serverHasLz4 = database.queryLong(
                    "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)")
                    > 0;

            String compression = database.queryString("SELECT attcompression::text FROM pg_attribute "
                    + "WHERE attrelid = 'session_memory'::regclass AND attname = 'history'");

            assertThat(compression).isEqualTo(serverHasLz4 ? "l" : "");
        }
    }

    @Nested
    class AppliedByFlyway {

        @Test
        void flywayAppliesTheSameScriptsInVersionOrder() {
            TestDatabase database = TestPostgres.createDatabase();
            Flyway flyway = Flyway.configure()
                    .dataSource(database.dataSource())
                    .locations("classpath:" + SchemaInitializer.RESOURCE_DIRECTORY)
                    .load();

            assertThat(flyway.migrate().migrationsExecuted).isEqualTo(SchemaInitializer.MIGRATIONS.size());
            assertThat(indexCount(database, "idx_session_memory_history")).isZero();
            assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isZero();
        }
    }
}
