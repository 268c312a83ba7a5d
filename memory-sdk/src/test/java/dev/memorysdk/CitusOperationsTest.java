package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.postgres.MemorySchema;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.CitusCluster;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every SDK operation on a real Citus cluster ({@link CitusCluster}: a coordinator and two workers,
 * {@code session_memory} distributed by {@code session_id}): Citus' planner refuses what it cannot
 * distribute, so a statement it does not accept fails here. Each manager fails its calls
 * ({@link FallbackPolicy#FAIL}) so that a refused statement is not hidden by a fallback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CitusOperationsTest {

    private TestDatabase database;
    private final List<PostgresMemoryManager> managers = new ArrayList<>();

    @BeforeAll
    void createCluster() {
        database = CitusCluster.createDatabase();
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(PostgresMemoryManager::close);
        managers.clear();
    }

    private PostgresMemoryManager manager(UnaryOperator<MemoryConfig.Builder> options) {
        return manager(options, null);
    }

    /** A manager on the cluster with {@code options}, sealing turns under {@code keys} unless null. */
    private PostgresMemoryManager manager(UnaryOperator<MemoryConfig.Builder> options, TestKeys keys) {
        MemoryConfig config = options.apply(MemoryConfig.custom().jdbcUrl(database.jdbcUrl())
                .username(TestDatabase.USER).fallbackPolicy(FallbackPolicy.FAIL).maxPoolSize(4)).build();
        PostgresMemoryManager.Builder builder = PostgresMemoryManager.builder().config(config);
        PostgresMemoryManager manager = (keys == null ? builder : builder.encryption(keys)).build();
        managers.add(manager);
        return manager;
    }

    private static String session() {
        return "citus-" + UUID.randomUUID();
    }

    private static Interaction turn(String query) {
        return new Interaction(UUID.randomUUID().toString(), query, "answer to " + query, Instant.now());
    }

    private static List<String> queries(List<Interaction> turns) {
        return turns.stream().map(Interaction::query).toList();
    }

    @Nested
    class Appends {

        @Test
        void strictAppendsStoreInOrderAndKeepTheCap() {
            PostgresMemoryManager memory = manager(c -> c.maxContextLength(3));
            String session = session();
            for (int i = 1; i <= 5; i++) {
                assertThat(memory.addToMemory(session, "q" + i, "a" + i)).isTrue();
            }
            assertThat(queries(memory.getContext(session))).containsExactly("q3", "q4", "q5");
        }

        @Test
        void aRepeatedTurnIdIsStoredOnce() {
            PostgresMemoryManager memory = manager(c -> c);
            String session = session();
            Interaction once = turn("once");
            memory.addToMemory(session, once);
            memory.addToMemory(session, once);
            assertThat(queries(memory.getContext(session))).containsExactly("once");
        }

        @Test
        void relaxedAppendsStoreToo() {
            PostgresMemoryManager memory = manager(c -> c.durability(Durability.RELAXED).maxContextLength(2));
            String session = session();
            for (int i = 1; i <= 3; i++) {
                assertThat(memory.addToMemory(session, "q" + i, "a" + i)).isTrue();
            }
            assertThat(queries(memory.getContext(session))).containsExactly("q2", "q3");
        }

        @Test
        void nearCacheTrackedAppendsStrictAndRelaxedKeepTheWindow() {
            for (Durability durability : Durability.values()) {
                PostgresMemoryManager memory = manager(c -> c.durability(durability).nearCacheMaxBytes(64 * 1024));
                PostgresMemoryManager other = manager(c -> c);
                String session = session();
                memory.addToMemory(session, "q1", "a1");
                assertThat(queries(memory.getContext(session))).containsExactly("q1");
                memory.addToMemory(session, "q2", "a2");
                other.addToMemory(session, "q3", "a3");
                memory.addToMemory(session, "q4", "a4");
                assertThat(queries(memory.getContext(session))).as(durability.name())
                        .containsExactly("q1", "q2", "q3", "q4");
            }
        }

        @Test
        void batchesStoreEachNewTurnOnceInOrder() {
            for (Durability durability : Durability.values()) {
                PostgresMemoryManager memory = manager(c -> c.durability(durability).maxContextLength(3));
                String session = session();
                List<Interaction> batch = List.of(turn("b1"), turn("b2"));
                assertThat(memory.addAllToMemory(session, batch)).isEqualTo(2);
                assertThat(memory.addAllToMemory(session, batch)).as("resent").isZero();
                memory.addAllToMemory(session, List.of(turn("b3"), turn("b4")));
                assertThat(queries(memory.getContext(session))).as(durability.name()).containsExactly("b2", "b3", "b4");
            }
        }

        @Test
        void updateMemoryRemovesAndAppends() {
            PostgresMemoryManager memory = manager(c -> c);
            String session = session();
            Interaction first = turn("first");
            Interaction second = turn("second");
            memory.addAllToMemory(session, List.of(first, second));
            assertThat(memory.updateMemory(session, List.of(first.id()), List.of(second, turn("third")))).isEqualTo(1);
            assertThat(queries(memory.getContext(session))).containsExactly("second", "third");
        }
    }

    @Nested
    class Reads {

        @Test
        void readsPruneExpiredTurns() {
            PostgresMemoryManager memory = manager(c -> c.ttl(Duration.ofHours(1)));
            String session = session();
            memory.addToMemory(session, "old", "a", Instant.now().minus(2, ChronoUnit.HOURS));
            memory.addToMemory(session, "new", "a", Instant.now());
            assertThat(queries(memory.getContext(session))).containsExactly("new");
            assertThat(database.queryLong("SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = ?",
                    session)).as("pruned in the table").isEqualTo(1);
        }

        @Test
        void aSessionsOwnTtlApplies() {
            PostgresMemoryManager memory = manager(c -> c.ttl(Duration.ofDays(1)));
            String session = session();
            memory.setSessionTtl(session, Duration.ofMinutes(1));
            memory.addToMemory(session, "stale", "a", Instant.now().minus(5, ChronoUnit.MINUTES));
            memory.addToMemory(session, "fresh", "a", Instant.now());
            assertThat(queries(memory.getContext(session, 10))).containsExactly("fresh");
        }

        @Test
        void statsAndListAndClear() {
            PostgresMemoryManager memory = manager(c -> c);
            String session = session();
            memory.addToMemory(session, "q1", "a1");
            memory.addToMemory(session, "q2", "a2");
            assertThat(memory.getSessionStats(session)).hasValueSatisfying(s -> assertThat(s.historyLength()).isEqualTo(2));
            assertThat(memory.getAllSessions(1000)).extracting(SessionStats::sessionId).contains(session);
            assertThat(memory.clearMemory(session)).isTrue();
            assertThat(memory.getContext(session)).isEmpty();
        }
    }

    @Nested
    class Maintenance {

        @Test
        void cleanupDeletesExpiredSessionsOnly() {
            PostgresMemoryManager memory = manager(c -> c.ttl(Duration.ofHours(1)));
            String expired = session();
            String live = session();
            memory.addToMemory(expired, "q", "a");
            memory.addToMemory(live, "q", "a");
            database.update("UPDATE session_memory SET updated_at = now() - interval '2 hours' WHERE session_id = ?", expired);
            assertThat(memory.cleanupExpiredSessions()).isEqualTo(1);
            assertThat(memory.getSessionStats(expired)).isEmpty();
            assertThat(memory.getSessionStats(live)).isPresent();

            database.update("UPDATE session_memory SET updated_at = now() - interval '40 minutes' WHERE session_id = ?", live);
            assertThat(memory.cleanupExpiredSessions(Duration.ofMinutes(30))).isEqualTo(1);
            assertThat(memory.getSessionStats(live)).isEmpty();
        }

        @Test
        void scheduledCleanupTakesTheLeaseAndDeletesExpiredSessions() {
            String expired = session();
            manager(c -> c).addToMemory(expired, "q", "a");
            database.update("UPDATE session_memory SET updated_at = now() - interval '2 hours' WHERE session_id = ?", expired);

            manager(c -> c.ttl(Duration.ofHours(1)).cleanupInterval(Duration.ofSeconds(1)));

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = ?", expired) == 0);
            assertThat(database.queryLong("SELECT count(*) FROM session_memory_lease")).isEqualTo(1);
        }

        @Test
        void healthAnswersWithTheDistributedTablesFigures() {
            PostgresMemoryManager memory = manager(c -> c);
            memory.addToMemory(session(), "q", "a");
            HealthStatus health = memory.healthCheck();
            assertThat(health.status()).isEqualTo(HealthStatus.Status.UP);
            assertThat(health.totalSessions()).isEqualTo(database.queryLong("SELECT count(*) FROM session_memory"));
        }

        @Test
        void analyticsDescribeTheDistributedTable() {
            PostgresMemoryManager memory = manager(c -> c);
            String session = session();
            memory.addToMemory(session, "q1", "a1");
            memory.addToMemory(session, "q2", "a2");
            MemoryAnalytics analytics = memory.analytics();
            assertThat(analytics.activeSessions(Duration.ofHours(1))).isGreaterThanOrEqualTo(1);
            assertThat(analytics.turnsPerSession()).containsKey(2);
            assertThat(analytics.activityPerDay(Duration.ofDays(2))).isNotEmpty();
            assertThat(analytics.storedBytes().tableBytes()).as("the shards' bytes, not the coordinator's shell")
                    .isEqualTo(database.queryLong("SELECT citus_total_relation_size('session_memory')"));
            assertThat(analytics.findSessions(session.substring(7, 20), 0, 10).sessions())
                    .extracting(SessionStats::sessionId).containsExactly(session);
        }

        @Test
        void keyRotationRewritesTheTurns() {
            TestKeys oldKeys = TestKeys.withCurrent("k1");
            TestKeys newKeys = TestKeys.withCurrent("k2").add("k1", oldKeys.get("k1"));
            String session = session();
            manager(c -> c, oldKeys).addToMemory(session, "secret", "a");
            PostgresMemoryManager rotating = manager(c -> c, newKeys);
            assertThat(rotating.keyRotation().rewriteAll(false).turnsRewritten()).isGreaterThanOrEqualTo(1);
            assertThat(queries(rotating.getContext(session))).containsExactly("secret");
        }

        @Test
        void initializeSchemaOnTheDistributedTableChangesNothing() {
            PostgresMemoryManager memory = manager(c -> c.initializeSchema(true));
            String session = session();
            memory.addToMemory(session, "q", "a");
            assertThat(database.queryString("SELECT distribution_column FROM citus_tables "
                    + "WHERE table_name = 'session_memory'::regclass")).isEqualTo("session_id");
        }
    }

    /**
     * Tenant isolation ({@code sql/optional/isolate_tenants.sql}) on the distributed table, as the
     * application's own role: the policy is evaluated on the workers, where the tenant must arrive.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Tenants {

        private TestDatabase isolated;
        private String role;

        @BeforeAll
        void isolateTenants() {
            isolated = CitusCluster.createDatabase();
            role = "app_" + isolated.name();
            isolated.execute(MemorySchema.script("optional/isolate_tenants.sql"));
            isolated.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS");
            isolated.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON session_memory, session_memory_lease TO " + role);
        }

        private PostgresMemoryManager tenant(String tenant) {
            PostgresMemoryManager manager = PostgresMemoryManager.builder()
                    .config(MemoryConfig.custom().jdbcUrl(isolated.jdbcUrlAs(role))
                    .username(role).fallbackPolicy(FallbackPolicy.FAIL).maxPoolSize(2).tenant(tenant).build()).build();
            managers.add(manager);
            return manager;
        }

        @Test
        void eachTenantReadsAndWritesOnlyItsOwnSessions() {
            PostgresMemoryManager acme = tenant("acme");
            PostgresMemoryManager globex = tenant("globex");
            acme.addToMemory("acme-1", "acme question", "a");
            acme.addAllToMemory("acme-1", List.of(turn("acme batch")));
            globex.addToMemory("globex-1", "globex question", "a");

            assertThat(queries(acme.getContext("acme-1"))).containsExactly("acme question", "acme batch");
            assertThat(acme.getContext("globex-1")).isEmpty();
            assertThat(acme.getAllSessions(100)).extracting(SessionStats::sessionId).containsExactly("acme-1");
            assertThat(acme.clearMemory("globex-1")).isFalse();
            assertThat(isolated.queryString("SELECT tenant_id FROM session_memory WHERE session_id = 'acme-1'"))
                    .isEqualTo("acme");
            assertThat(globex.eraseTenant()).isEqualTo(1);
            assertThat(queries(acme.getContext("acme-1"))).hasSize(2);
        }
    }
}
