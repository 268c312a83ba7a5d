package dev.memorysdk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.Interaction;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComparisonStoresTest {

    private static final int WINDOW = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase database;
    private static DataSource dataSource;

    @BeforeAll
    static void createTables() throws SQLException {
        database = TestPostgres.createDatabase().withSchema();
        dataSource = database.dataSource();
        try (Connection connection = dataSource.getConnection()) {
            RewriteAllStore.createTable(connection);
            RowPerMessageStore.createTable(connection);
        }
    }

    @Test
    void rewriteAllAndRowPerMessageReturnTheSameLastTurnsAsTheSdk() throws SQLException {
        List<Interaction> script = scriptedTurns(8);
        RewriteAllStore rewriteAll = new RewriteAllStore(dataSource, WINDOW);
        RowPerMessageStore rows = new RowPerMessageStore(dataSource);
        try (PostgresMemoryManager sdk = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl())
                .username(TestDatabase.USER).maxContextLength(WINDOW).build()).build()) {
            for (Interaction turn : script) {
                sdk.addToMemory("scripted", turn);
                rewriteAll.append("scripted", json(turn));
                rows.append("scripted", json(turn));
            }
            List<String> expected = script.subList(script.size() - WINDOW, script.size()).stream()
                    .map(Interaction::id).toList();

            assertThat(sdk.getContext("scripted", WINDOW)).extracting(Interaction::id).isEqualTo(expected);
            assertThat(ids(rewriteAll.lastMessages("scripted", WINDOW))).isEqualTo(expected);
            assertThat(ids(rows.lastMessages("scripted", WINDOW))).isEqualTo(expected);
        }
    }

    @Test
    void rewriteAllKeepsOnlyItsWindowWhileRowPerMessageKeepsEverything() throws SQLException {
        RewriteAllStore rewriteAll = new RewriteAllStore(dataSource, WINDOW);
        RowPerMessageStore rows = new RowPerMessageStore(dataSource);
        for (Interaction turn : scriptedTurns(7)) {
            rewriteAll.append("kept", json(turn));
            rows.append("kept", json(turn));
        }

        assertThat(database.queryLong("SELECT count(*) FROM rewrite_all_memory WHERE session_id = 'kept'"))
                .isEqualTo(WINDOW);
        assertThat(database.queryLong("SELECT count(*) FROM message_memory WHERE session_id = 'kept'")).isEqualTo(7);
    }

    @Test
    void distinctIdsCountsEachTurnOnceWhateverTheJsonSpacing() {
        assertThat(RewriteAllStore.distinctIds(List.of("{\"id\":\"a\",\"query\":\"q\"}", "{\"id\": \"a\"}",
                "{\"id\": \"b\"}"))).isEqualTo(2);
    }

    private static List<Interaction> scriptedTurns(int count) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(count);
        List<Interaction> turns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            turns.add(new Interaction("turn-" + i, "question " + i, "answer " + i, start.plusSeconds(i)));
        }
        return turns;
    }

    private static List<String> ids(List<String> messages) {
        return messages.stream().map(message -> {
            try {
                return JSON.readTree(message).get("id").textValue();
            } catch (IOException notJson) {
                throw new UncheckedIOException(notJson);
            }
        }).toList();
    }

    /** A turn as the stored JSON element the comparison stores keep (the SDK's own layout). */
    private static String json(Interaction turn) {
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        return "{\"id\":\"" + new String(quote.quoteAsString(turn.id())) + "\",\"query\":\""
                + new String(quote.quoteAsString(turn.query())) + "\",\"answer\":\""
                + new String(quote.quoteAsString(turn.answer())) + "\",\"timestamp\":\"" + turn.timestamp() + "\"}";
    }
}
