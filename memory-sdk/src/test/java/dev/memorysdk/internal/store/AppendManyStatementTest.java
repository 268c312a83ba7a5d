package dev.memorysdk.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.testsupport.CitusCluster;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The single statement of a batch or an update ({@code appendMany} in the mapper XML), run as the
 * store runs it, on a plain table and on a table Citus distributes (whose planner refuses what it
 * cannot take to one shard): what it writes, and that it writes nothing when it does not apply, so
 * the caller merges under the row's lock instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppendManyStatementTest {

    private static final int MAX_LENGTH = 5;

    private TestDatabase plain;
    private TestDatabase citus;

    Stream<Arguments> deployments() {
        Deployment plainTable = this::plain;
        Deployment distributed = this::citus;
        return Stream.of(Arguments.of(Named.of("plain", plainTable), false),
                Arguments.of(Named.of("plain, relaxed", plainTable), true),
                Arguments.of(Named.of("Citus", distributed), false),
                Arguments.of(Named.of("Citus, relaxed", distributed), true));
    }

    /** A database, created on first use: a cluster the machine lacks skips only its cases. */
    @FunctionalInterface
    interface Deployment {
        TestDatabase database();
    }

    private synchronized TestDatabase plain() {
        if (plain == null) {
            plain = TestPostgres.createDatabase().withSchema();
        }
        return plain;
    }

    private synchronized TestDatabase citus() {
        if (citus == null) {
            citus = CitusCluster.createDatabase();
        }
        return citus;
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void createsTheSessionWithTheTurns(Deployment deployment, boolean relaxed) {
        TestDatabase database = deployment.database();
        String session = session();

        assertThat(appendMany(database, relaxed, session, List.of(), "a", "b")).isEqualTo(1);

        assertThat(database.storedTurnIds(session)).containsExactly("a", "b");
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void appendsAfterTheStoredTurnsLeavingOutThoseToRemoveAndKeepingElementsWithoutAnId(Deployment deployment,
                                                                                     boolean relaxed) {
        TestDatabase database = deployment.database();
        String session = session();
        store(database, session, "[{\"id\":\"a\"},{\"no\":\"id\"},{\"id\":\"b\"},{\"id\":\"c\"}]");

        assertThat(appendMany(database, relaxed, session, List.of("a", "c", "unknown"), "d", "e")).isEqualTo(1);

        assertThat(database.queryString("SELECT history::text FROM session_memory WHERE session_id = ?", session))
                .isEqualTo("[{\"no\": \"id\"}, {\"id\": \"b\"}, {\"id\": \"d\"}, {\"id\": \"e\"}]");
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void keepsOnlyTheNewestMaxLengthTurns(Deployment deployment, boolean relaxed) {
        TestDatabase database = deployment.database();
        String session = session();
        store(database, session, "[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"},{\"id\":\"d\"}]");

        assertThat(appendMany(database, relaxed, session, List.of(), "e", "f", "g")).isEqualTo(1);
        assertThat(database.storedTurnIds(session)).containsExactly("c", "d", "e", "f", "g");

        assertThat(appendMany(database, relaxed, session, List.of("e"), "h")).isEqualTo(1);
        assertThat(database.storedTurnIds(session)).containsExactly("c", "d", "f", "g", "h");
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void writesNothingWhenATurnIsStoredAlready(Deployment deployment, boolean relaxed) {
        TestDatabase database = deployment.database();
        String session = session();
        store(database, session, "[{\"id\":\"a\"},{\"id\":\"b\"}]");
        String before = version(database, session);

        assertThat(appendMany(database, relaxed, session, List.of("a"), "c", "b")).isZero();

        assertThat(database.storedTurnIds(session)).containsExactly("a", "b");
        assertThat(version(database, session)).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void failsAsNotAnArrayOnAHistoryThatIsNone(Deployment deployment, boolean relaxed) {
        TestDatabase database = deployment.database();
        String session = session();
        store(database, session, "{\"not\":\"an array\"}");

        assertThatThrownBy(() -> appendMany(database, relaxed, session, List.of(), "a"))
                .satisfies(failure -> assertThat(TestDatabase.sqlStates(failure)).contains("22023"));
    }

    private static int appendMany(TestDatabase database, boolean relaxed, String session, List<String> remove,
                                  String... ids) {
        List<String> encoded = Stream.of(ids).map(id -> "{\"id\":\"" + id + "\"}").toList();
        MapperCalls calls = new MapperCalls(database.dataSource(), Duration.ofSeconds(30));
        return calls.direct().appendMany(relaxed, session, new Jsonb(new InteractionCodec().encodeArray(encoded)),
                encoded.size(), MAX_LENGTH, remove.size(), StatementJson.appendManyVariables(MAX_LENGTH, List.of(ids), remove));
    }

    /** The row's version: a new one for every write of the row. */
    private static String version(TestDatabase database, String session) {
        return database.queryString("SELECT xmin::text FROM session_memory WHERE session_id = ?", session);
    }

    private static void store(TestDatabase database, String session, String history) {
        database.update("INSERT INTO session_memory (session_id, history, updated_at) VALUES (?, ?::jsonb, now())",
                session, history);
    }

    private static String session() {
        return "append-many-" + UUID.randomUUID();
    }
}
