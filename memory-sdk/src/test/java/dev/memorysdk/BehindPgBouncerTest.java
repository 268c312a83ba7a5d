package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ContractOptions;
import dev.memorysdk.testsupport.Deployment;
import dev.memorysdk.testsupport.PgBouncerDeployment;
import dev.memorysdk.testsupport.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The memory contract through a real PgBouncer in transaction pooling mode with fewer server
 * connections than the SDK's pool has clients, every option at its default; and what transaction
 * pooling could break: a setting of the SDK reaching other clients of the pooler, or missing from
 * the SDK's own transactions.
 */
class BehindPgBouncerTest extends MemoryContract {

    private static final int SERVER_CONNECTIONS = PgBouncerDeployment.SERVER_CONNECTIONS;

    private PgBouncerDeployment bouncer;

    @Override
    Deployment deploy(ContractOptions options) {
        bouncer = PgBouncerDeployment.create(options.roles());
        return bouncer;
    }

    /** A manager through the pooler, as the owner, without the run's options. */
    private MemoryConfig.Builder throughPooler() {
        return bouncer.connect(TestDatabase.USER);
    }

    @Nested
    class TransactionPooling {

        @Test
        void concurrentAppendsOverFewerServerConnectionsLoseNothing() throws Exception {
            try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                    .config(throughPooler().build()).build()) {
                ExecutorService clients = Executors.newFixedThreadPool(10);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int client = 0; client < 10; client++) {
                        int c = client;
                        done.add(clients.submit(() -> IntStream.range(0, 20)
                                .forEach(i -> memory.addToMemory("shared", "q" + c + "-" + i, "a"))));
                    }
                    for (Future<?> each : done) {
                        each.get();
                    }
                } finally {
                    clients.shutdown();
                }
                assertThat(memory.getContext("shared", 1000)).hasSize(50);
                assertThat(database.queryLong("SELECT jsonb_array_length(history) FROM session_memory "
                        + "WHERE session_id = 'shared'")).isEqualTo(50);
            }
        }

        @Test
        void noSettingOfTheSdkReachesAnotherClientOfThePooler() throws Exception {
            try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                    .config(throughPooler().statementTimeout(Duration.ofSeconds(7)).build()).build()) {
                // Enough work, in parallel, that every server connection of the pool has served the SDK.
                ExecutorService clients = Executors.newFixedThreadPool(6);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int client = 0; client < 6; client++) {
                        int c = client;
                        done.add(clients.submit(() -> IntStream.range(0, 30).forEach(i -> {
                            memory.addToMemory("settings-" + c, "q" + i, "a" + i);
                            memory.getContext("settings-" + c);
                        })));
                    }
                    for (Future<?> each : done) {
                        each.get();
                    }
                } finally {
                    clients.shutdown();
                }
                TestDatabase throughPooler = bouncer.throughPooler();
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < 4 * SERVER_CONNECTIONS; i++) {
                    seen.add(throughPooler.queryString("SHOW statement_timeout") + " on backend "
                            + throughPooler.queryLong("SELECT pg_backend_pid()"));
                }
                assertThat(seen).as("statement_timeout another client sees, per server connection")
                        .allMatch(shown -> shown.startsWith("0 "))
                        .hasSizeGreaterThanOrEqualTo(1);
            }
        }

        @Test
        @Timeout(60)
        void theStatementTimeoutCancelsAContextReadBlockedByATableLock() throws Exception {
            try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                    .config(throughPooler().statementTimeout(Duration.ofSeconds(1))
                    .fallbackPolicy(FallbackPolicy.FAIL).retryMaxAttempts(1).nearCacheMaxBytes(1024 * 1024).build()).build()) {
                memory.addToMemory("table-locked", "before", "lock");
                memory.getContext("table-locked");
                MemoryUnavailableException failure;
                try (Connection lockHolder = database.lockTable()) {
                    failure = catchThrowableOfType(MemoryUnavailableException.class,
                            () -> memory.getContext("table-locked"));
                    lockHolder.rollback();
                }
                assertThat(failure).as("the blocked read (the near cache's version check) failed instead of waiting")
                        .isNotNull();
                assertThat(TestDatabase.sqlStates(failure)).as("cancelled through the pooler").contains("57014");
                assertThat(memory.getContext("table-locked")).extracting(Interaction::query).containsExactly("before");
            }
        }

        @Test
        void theStatementTimeoutStillCancelsAnAppendBlockedByARowLock() throws Exception {
            Duration timeout = Duration.ofSeconds(1);
            try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                    .config(throughPooler().statementTimeout(timeout)
                    .fallbackPolicy(FallbackPolicy.FAIL).retryMaxAttempts(1).build()).build()) {
                memory.addToMemory("locked", "before", "lock");
                MemoryUnavailableException failure;
                try (Connection lockHolder = database.lockSessionRow("locked")) {
                    failure = catchThrowableOfType(MemoryUnavailableException.class,
                            () -> memory.addToMemory("locked", "blocked", "append"));
                    lockHolder.rollback();
                }
                assertThat(failure).as("the blocked append failed instead of waiting for the lock").isNotNull();
                assertThat(TestDatabase.sqlStates(failure)).as("cancelled by statement_timeout").contains("57014");
                assertThat(memory.getContext("locked")).extracting(Interaction::query).containsExactly("before");
            }
        }
    }
}
