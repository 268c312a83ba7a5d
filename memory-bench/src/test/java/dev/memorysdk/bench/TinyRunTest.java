package dev.memorysdk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.testsupport.CitusCluster;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TinyRunTest {

    @Test
    void loadRunnerCountsOnlyTheCallsOfTheWindow() {
        AtomicInteger calls = new AtomicInteger();
        LoadRunner runner = new LoadRunner(2, Duration.ofMillis(300), Duration.ofMillis(700));

        ScenarioResult result = runner.run("sleep", random -> {
            calls.incrementAndGet();
            Thread.sleep(1);
        });

        assertThat(result.operations()).isPositive().isLessThan(calls.get());
        assertThat(result.errors()).isZero();
        // The window is timed by the runner's own waits, which never end early; how much longer it runs
        // depends on the machine, so only the lower bound is a property of the runner.
        assertThat(result.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(700).toNanos());
        assertThat(result.latencyMillis(50)).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void failingCallsAreCountedAsErrorsNotOperations() {
        LoadRunner runner = new LoadRunner(2, Duration.ZERO, Duration.ofMillis(200));

        ScenarioResult result = runner.run("failing", random -> {
            Thread.sleep(1);
            throw new IllegalStateException("expected by the test");
        });

        assertThat(result.operations()).isZero();
        assertThat(result.errors()).isPositive();
    }

    @Test
    void interleavedScenariosEachGetTheirShareOfTheWindow() {
        LoadRunner runner = new LoadRunner(2, Duration.ofMillis(100), Duration.ofMillis(400));

        List<ScenarioResult> results = runner.runInterleaved(Map.of("a", random -> Thread.sleep(1),
                "b", random -> Thread.sleep(2)), 2);

        assertThat(results).hasSize(2).allSatisfy(result -> {
            assertThat(result.operations()).isPositive();
            assertThat(result.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(350).toNanos());
        });
    }

    @Test
    void aShortRunOnTwoThreadsMeasuresEveryStore() throws Exception {
        TestDatabase database = TestPostgres.createDatabase();
        BenchSettings settings = new BenchSettings(2, 10, 3, 200, 5, 2, 2, Duration.ZERO, Duration.ofMillis(200), 1,
                5, 100, Set.of("context", "append", "lost-updates"), Set.of(), null, null, null);

        String report = new BenchRun(BenchDatabase.external(database.jdbcUrl(), TestDatabase.USER, null), settings,
                "test").run();

        assertThat(report).contains("| sdk-context |", "| raw-context |", "| v0.1-context |", "| raw-context-set-config |",
                "| sdk-context-near-cache |", "| rewrite-all-context |", "| row-per-message-context |",
                "| sdk-append |", "| raw-append |", "| v0.1-append |", "| row-per-message-append |",
                "| SDK append / v0.1 append statement |", "| SDK getContext, near cache warm / row-per-message read |",
                "SDK stored 50 of 50", "0 row writes");
        assertThat(report).doesNotContain("| 0 | 0.00 |");
    }

    @Test
    void theCitusGroupRunsTheSdkOnADistributedTableBesidePlainPostgres() throws Exception {
        TestDatabase plain = TestPostgres.createDatabase();
        TestDatabase citus = CitusCluster.createDatabase();
        BenchSettings settings = new BenchSettings(2, 10, 3, 200, 5, 2, 2, Duration.ZERO, Duration.ofSeconds(1), 1,
                5, 100, Set.of("citus"), Set.of(), null, null, citus.jdbcUrl());

        String report = new BenchRun(BenchDatabase.external(plain.jdbcUrl(), TestDatabase.USER, null), settings,
                "test").run();

        assertThat(report).contains("| plain-context |", "| citus-context |", "| plain-append |", "| citus-append |",
                "| getContext on Citus / on plain PostgreSQL |", "| append on Citus / on plain PostgreSQL |");
        assertThat(report).doesNotContain("| 0 | 0.00 |");
    }

    @Test
    void theFrameworksGroupComparesBothFrameworksStoresAndCountsLostMessages() throws Exception {
        TestDatabase database = TestPostgres.createDatabase();
        BenchSettings settings = new BenchSettings(2, 10, 3, 200, 5, 2, 2, Duration.ZERO, Duration.ofSeconds(1), 1,
                5, 100, Set.of("frameworks"), Set.of(), null, null, null);

        String report = new BenchRun(BenchDatabase.external(database.jdbcUrl(), TestDatabase.USER, null), settings,
                "test").run();

        assertThat(report).contains("| spring-ai-jdbc-add |", "| spring-ai-sdk-add |", "| langchain4j-whole-list-add |",
                "| langchain4j-sdk-add |", "| spring-ai-jdbc-add-full |", "| spring-ai-sdk-add-full |",
                "| langchain4j-whole-list-add-full |", "| langchain4j-sdk-add-full |",
                "| LangChain4j adds/s at full windows, PostgresChatMemoryStore / whole-list store |",
                "| Spring AI adds/s at full windows, PostgresChatMemoryRepository / JdbcChatMemoryRepository |",
                "spring-ai-sdk under the framework's MessageWindowChatMemory",
                "langchain4j-sdk under the framework's MessageWindowChatMemory, 2 threads x 25 adds to one conversation: "
                        + "50 of 50 messages stored, 0 lost");
        assertThat(report).contains("spring-ai-sdk under the framework's MessageWindowChatMemory, 2 threads x 25 adds "
                + "to one conversation: 50 of 50 messages stored, 0 lost");
        assertThat(report).doesNotContain("| 0 | 0.00 |");
    }
}
