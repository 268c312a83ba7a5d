package dev.memorysdk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RawJdbcMemoryTest {

    private static final String MAPPER = "dev.memorysdk.internal.store.SessionMemoryMapper";
    private static TestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = TestPostgres.createDatabase().withSchema();
    }

    @Test
    void appendRunsTheStatementTextTheSdkSends() {
        RawJdbcMemory raw = new RawJdbcMemory(database.dataSource(), 50, false);

        assertThat(whitespaceCollapsed(raw.appendStatement().sql()))
                .isEqualTo(sentBySdk("appendOne", sdk -> sdk.addToMemory("logged", Interaction.of("q", "a"))));
    }

    @Test
    void contextReadRunsTheStatementTextTheSdkSends() throws SQLException {
        RawJdbcMemory raw = new RawJdbcMemory(database.dataSource(), 50, false);

        assertThat(whitespaceCollapsed(raw.readStatement().sql()))
                .isEqualTo(sentBySdk("readRecent", sdk -> sdk.getContext("logged", 5)));
        TurnText.EncodedTurn turn = new TurnText(100, 1).encodedTurn(new SplittableRandom(2));
        raw.append("columns", turn.id(), turn.json());
        assertThat(raw.readRecent("columns", 5)).as("window, timestamps, TTL and version").hasSize(4);
    }

    @Test
    void decodedReadReturnsTheTurnsTheSdkReads() throws SQLException {
        RawJdbcMemory raw = new RawJdbcMemory(database.dataSource(), 50, false);
        TurnText text = new TurnText(100, 1);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 4; i++) {
            TurnText.EncodedTurn turn = text.encodedTurn(random);
            raw.append("decoded", turn.id(), turn.json());
        }

        List<Interaction> decoded = raw.readRecentDecoded("decoded", 3);

        try (PostgresMemoryManager sdk = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER).build()).build()) {
            assertThat(decoded).hasSize(3).isEqualTo(sdk.getContext("decoded", 3));
        }
        assertThat(raw.readRecentDecoded("unknown", 3)).isEmpty();
    }

    @Test
    void relaxedAppendIsTheSdksRelaxedForm() {
        assertThat(new RawJdbcMemory(database.dataSource(), 50, true).appendStatement().sql())
                .contains("set_config('synchronous_commit', 'off', true)");
        assertThat(new RawJdbcMemory(database.dataSource(), 50, false).appendStatement().sql())
                .doesNotContain("synchronous_commit");
    }

    @Test
    void appendStoresTheTurnWithTheSdksSemantics() throws SQLException {
        storesWithTheSdksSemantics(new RawJdbcMemory(database.dataSource(), 3, false), "raw");
    }

    @Test
    void theReleaseZeroOneStatementsStoreAndReadTheSameWay() throws SQLException {
        storesWithTheSdksSemantics(RawJdbcMemory.v01(database.dataSource(), 3), "v01");
        assertThat(RawJdbcMemory.v01(database.dataSource(), 3).readRecent("v01", 2)).as("no version column in 0.1")
                .hasSize(3);
    }

    private static void storesWithTheSdksSemantics(RawJdbcMemory raw, String session) throws SQLException {
        TurnText text = new TurnText(100, 1);
        SplittableRandom random = new SplittableRandom(1);
        TurnText.EncodedTurn first = text.encodedTurn(random);

        assertThat(raw.append(session, first.id(), first.json())).isOne();
        assertThat(raw.append(session, first.id(), first.json())).as("a repeated id is a no-op").isZero();
        for (int i = 0; i < 4; i++) {
            TurnText.EncodedTurn turn = text.encodedTurn(random);
            raw.append(session, turn.id(), turn.json());
        }

        assertThat(database.queryLong("SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = ?",
                session)).as("trimmed to the cap").isEqualTo(3);
        List<String> read = raw.readRecent(session, 2);
        assertThat(read.get(0)).startsWith("[{");
        assertThat(read.get(1)).startsWith("[\"");
    }

    private static String sentBySdk(String statement, java.util.function.Consumer<PostgresMemoryManager> call) {
        Logger logger = (Logger) LoggerFactory.getLogger(MAPPER + "." + statement);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try (PostgresMemoryManager sdk = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl())
                .username(TestDatabase.USER).build()).build()) {
            call.accept(sdk);
        } finally {
            logger.setLevel(previous);
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains("Preparing:"))
                .map(message -> message.substring(message.indexOf("Preparing:") + "Preparing:".length()).trim())
                .findFirst().orElseThrow(() -> new AssertionError("the SDK logged no " + statement + " statement"));
    }

    private static String whitespaceCollapsed(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }
}
