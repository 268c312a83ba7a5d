package dev.memorysdk.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.Interaction;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.SessionStats;
import dev.memorysdk.example.processor.OfflineQueryProcessor;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorWithMemoryTest {

    private PostgresMemoryManager memory;

    @BeforeAll
    void startMemory() {
        TestDatabase database = TestPostgres.createDatabase();
        memory = PostgresMemoryManager.builder().config(MemoryConfig.custom()
                .jdbcUrl(database.jdbcUrl())
                .username(TestDatabase.USER)
                .initializeSchema(true).build())
                .build();
    }

    @AfterAll
    void closeMemory() {
        memory.close();
    }

    private static String session() {
        return "session-" + UUID.randomUUID();
    }

    /** Answers "answer to <query>" and records the context it was given. */
    private static final class RecordingProcessor implements QueryProcessor {
        final List<List<Interaction>> contexts = new ArrayList<>();

        @Override
        public String process(String query, List<Interaction> context) {
            contexts.add(context);
            return "answer to " + query;
        }
    }

    @Nested
    class WithMemoryAvailable {

        @Test
        void aNewSessionIsAnsweredWithEmptyContextAndItsTurnIsStored() {
            String session = session();
            OrchestratorResponse response = new OrchestratorWithMemory(memory, new RecordingProcessor())
                    .processQuery("first", session);

            assertThat(response.answer()).isEqualTo("answer to first");
            assertThat(response.context()).isEmpty();
            assertThat(response.memoryAvailable()).isTrue();
            assertThat(memory.getContext(session)).extracting(Interaction::query, Interaction::answer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("first", "answer to first"));
        }

        @Test
        void eachQueryIsProcessedWithTheTurnsBeforeItOldestFirst() {
            String session = session();
            RecordingProcessor processor = new RecordingProcessor();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, processor);

            orchestrator.processQuery("q1", session);
            orchestrator.processQuery("q2", session);
            OrchestratorResponse third = orchestrator.processQuery("q3", session);

            assertThat(processor.contexts).hasSize(3);
            assertThat(processor.contexts.get(0)).isEmpty();
            assertThat(processor.contexts.get(1)).extracting(Interaction::query).containsExactly("q1");
            assertThat(processor.contexts.get(2)).extracting(Interaction::query).containsExactly("q1", "q2");
            assertThat(third.context()).extracting(Interaction::answer).containsExactly("answer to q1", "answer to q2");
        }

        @Test
        void preloadsOnlyTheLastContextTurns() {
            String session = session();
            RecordingProcessor processor = new RecordingProcessor();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, processor, 2);
            for (int i = 1; i <= 4; i++) {
                orchestrator.processQuery("q" + i, session);
            }

            assertThat(processor.contexts.get(3)).extracting(Interaction::query).containsExactly("q2", "q3");
            assertThat(memory.getSessionStats(session)).map(SessionStats::historyLength).contains(4);
        }

        @Test
        void twoSessionsDoNotSeeEachOthersTurns() {
            String alice = session();
            String bob = session();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, new RecordingProcessor());

            orchestrator.processQuery("alice asks", alice);
            OrchestratorResponse bobsFirst = orchestrator.processQuery("bob asks", bob);
            OrchestratorResponse alicesSecond = orchestrator.processQuery("alice again", alice);

            assertThat(bobsFirst.context()).isEmpty();
            assertThat(alicesSecond.context()).extracting(Interaction::query).containsExactly("alice asks");
        }

        @Test
        void reportsTheStatsOfAStoredSessionAndEmptyForAnUnknownOne() {
            String session = session();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, new RecordingProcessor());
            orchestrator.processQuery("q1", session);
            orchestrator.processQuery("q2", session);

            assertThat(orchestrator.getSessionStats(session)).map(SessionStats::historyLength).contains(2);
            assertThat(orchestrator.getSessionStats(session())).isEmpty();
        }

        @Test
        void aFailingProcessorStoresNothing() {
            String session = session();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, (query, context) -> {
                throw new QueryProcessorException("model endpoint answered HTTP 500");
            });

            assertThatThrownBy(() -> orchestrator.processQuery("q", session))
                    .isInstanceOf(QueryProcessorException.class)
                    .hasMessage("model endpoint answered HTTP 500");
            assertThat(memory.getSessionStats(session)).isEmpty();
        }

        @Test
        void rejectsAnInvalidSessionIdWithoutCallingTheProcessor() {
            RecordingProcessor processor = new RecordingProcessor();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, processor);

            assertThatThrownBy(() -> orchestrator.processQuery("q", " "))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> orchestrator.processQuery(null, session()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("query must not be null");
            assertThat(processor.contexts).isEmpty();
        }

        @Test
        void rejectsAQueryTooLargeToStoreWithoutCallingTheProcessor() {
            RecordingProcessor processor = new RecordingProcessor();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, processor);
            String session = session();

            assertThatThrownBy(() -> orchestrator.processQuery("x".repeat(MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES + 1), session))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxInteractionBytes (" + MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES + ")");
            assertThatThrownBy(() -> orchestrator.processQuery("a\0b", session))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
            assertThat(processor.contexts).isEmpty();
            assertThat(memory.getSessionStats(session)).isEmpty();
        }

        @Test
        void returnsAnAnswerTooLargeToStoreWithStoredFalse() {
            String session = session();
            String huge = "y".repeat(MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES);
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, (query, context) -> huge);

            OrchestratorResponse response = orchestrator.processQuery("q", session);

            assertThat(response.answer()).isEqualTo(huge);
            assertThat(response.stored()).isFalse();
            assertThat(response.memoryAvailable()).isFalse();
            assertThat(memory.getSessionStats(session)).isEmpty();
        }

        @Test
        void rejectsMissingCollaborators() {
            assertThatThrownBy(() -> new OrchestratorWithMemory(null, new RecordingProcessor()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("memory must not be null");
            assertThatThrownBy(() -> new OrchestratorWithMemory(memory, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("processor must not be null");
            assertThatThrownBy(() -> new OrchestratorWithMemory(memory, new RecordingProcessor(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("contextTurns must be at least 1, was 0");
        }
    }

    @Nested
    class Concurrency {

        @Test
        void concurrentQueriesToOneSessionAreAllStored() throws Exception {
            String session = session();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, new OfflineQueryProcessor());
            int threads = 8;
            int queriesEach = 5;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < queriesEach; i++) {
                            orchestrator.processQuery("t" + thread + "-q" + i, session);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            List<Interaction> stored = memory.getContext(session, 100);
            assertThat(stored).hasSize(threads * queriesEach);
            assertThat(stored).extracting(Interaction::query).doesNotHaveDuplicates();
        }
    }

    /** The database gone behind a real TCP proxy, under each fallback policy the SDK has. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTheDatabaseGone {

        private ProxiedDatabase proxied;
        private TcpProxy proxy;

        @BeforeAll
        void startProxy() {
            proxied = ProxiedDatabase.start();
            proxy = proxied.proxy();
        }

        @AfterAll
        void stopProxy() {
            proxy.close();
        }

        private PostgresMemoryManager memory(FallbackPolicy policy) {
            proxy.setMode(TcpProxy.Mode.FORWARD);
            return PostgresMemoryManager.builder().config(proxied.pooledConfig().fallbackPolicy(policy).build()).build();
        }

        @ParameterizedTest
        @EnumSource(FallbackPolicy.class)
        void answersWithoutContextAndSaysMemoryWasNotRead(FallbackPolicy policy) {
            try (PostgresMemoryManager down = memory(policy)) {
                String session = session();
                down.addToMemory(session, "earlier", "turn");
                proxy.setMode(TcpProxy.Mode.DROP);
                RecordingProcessor processor = new RecordingProcessor();

                OrchestratorResponse response = new OrchestratorWithMemory(down, processor).processQuery("q", session);

                assertThat(response.answer()).isEqualTo("answer to q");
                assertThat(response.context()).isEmpty();
                assertThat(response.contextLoaded()).as("context read from memory").isFalse();
                assertThat(response.memoryAvailable()).isFalse();
                assertThat(response.stored()).as("stored or buffered").isEqualTo(policy == FallbackPolicy.BUFFER);
                assertThat(processor.contexts).containsExactly(List.of());
            }
        }

        @Test
        void aContextOfBufferedTurnsOnlyIsNotCountedAsRead() {
            try (PostgresMemoryManager down = memory(FallbackPolicy.BUFFER)) {
                String session = session();
                proxy.setMode(TcpProxy.Mode.DROP);
                OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(down, new RecordingProcessor());
                orchestrator.processQuery("buffered", session);

                OrchestratorResponse response = orchestrator.processQuery("q", session);

                assertThat(response.context()).extracting(Interaction::query).containsExactly("buffered");
                assertThat(response.contextLoaded()).as("context read from the database").isFalse();
                assertThat(response.memoryAvailable()).isFalse();
            }
        }

        @Test
        void reportsNoStatsWhenReadingThemFails() {
            try (PostgresMemoryManager down = memory(FallbackPolicy.FAIL)) {
                proxy.setMode(TcpProxy.Mode.DROP);
                assertThat(new OrchestratorWithMemory(down, new RecordingProcessor()).getSessionStats("s")).isEmpty();
            }
        }
    }
}
