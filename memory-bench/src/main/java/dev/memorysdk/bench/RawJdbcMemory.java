package dev.memorysdk.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.memorysdk.Interaction;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.util.PGobject;

/**
 * The SDK's append and context read as plain JDBC: the SDK's statement text (see
 * {@link SdkStatementText}) on a pooled connection, with pre-encoded JSON and no decoding of the
 * result. No MyBatis, Jackson or Resilience4j: the least work a client can do for the same SQL.
 * Thread-safe.
 */
public final class RawJdbcMemory {

    private static final JsonFactory JSON = new JsonFactory();

    private final DataSource dataSource;
    private final int maxLength;
    private final SdkStatementText append;
    private final SdkStatementText readRecent;

    /**
     * @param relaxed whether the append is the {@code RELAXED} durability form of the statement
     */
    public RawJdbcMemory(DataSource dataSource, int maxLength, boolean relaxed) {
        this(dataSource, maxLength, SdkStatementText.of(relaxed ? "appendOneRelaxed" : "appendOne", Map.of()),
                SdkStatementText.of("readRecent", Map.of()));
    }

    private RawJdbcMemory(DataSource dataSource, int maxLength, SdkStatementText append, SdkStatementText readRecent) {
        this.dataSource = dataSource;
        this.maxLength = maxLength;
        this.append = append;
        this.readRecent = readRecent;
    }

    /** The append and context read of release 0.1 (see {@link V01Statements}), run the same way. */
    public static RawJdbcMemory v01(DataSource dataSource, int maxLength) {
        return new RawJdbcMemory(dataSource, maxLength, V01Statements.APPEND, V01Statements.READ_RECENT);
    }

    public SdkStatementText appendStatement() {
        return append;
    }

    public SdkStatementText readStatement() {
        return readRecent;
    }

    /** Runs the SDK's append statement; returns the rows changed (0 if the id was stored). */
    public int append(String sessionId, String id, String turnJson) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(append.sql())) {
            bind(statement, append.parameterNames(), sessionId, id, turnJson, maxLength);
            return statement.executeUpdate();
        }
    }

    /**
     * {@link #readRecent} behind {@code SELECT set_config('statement_timeout', '5000', true)} in the
     * same round trip, as the SDK sends its statements when a tenant is set (the tenant's own
     * {@code set_config} left out): what the server-side, per-transaction settings cost.
     */
    public List<String> readRecentAfterSetConfig(String sessionId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT set_config('statement_timeout', '5000', true); " + readRecent.sql())) {
            bind(statement, readRecent.parameterNames(), sessionId, null, null, limit);
            statement.execute();
            if (!statement.getMoreResults()) {
                throw new SQLException("the read returned no result set");
            }
            try (ResultSet row = statement.getResultSet()) {
                return row.next() ? Arrays.asList(row.getString(1), row.getString(2)) : List.of();
            }
        }
    }

    /**
     * Runs the SDK's context read; returns every column as text (the window's JSON, the timestamps'
     * JSON, the TTL and, from 0.2 on, the row's version), or an empty list for an unknown session.
     */
    public List<String> readRecent(String sessionId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(readRecent.sql())) {
            bind(statement, readRecent.parameterNames(), sessionId, null, null, limit);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return List.of();
                }
                String[] columns = new String[row.getMetaData().getColumnCount()];
                for (int i = 0; i < columns.length; i++) {
                    columns[i] = row.getString(i + 1);
                }
                return Arrays.asList(columns);
            }
        }
    }

    /**
     * {@link #readRecent}, then the window decoded into {@link Interaction}s with a streaming parser
     * and {@link Instant#parse}: the least work any client must do to use the turns it read (no TTL
     * check, no tolerance of foreign elements, no decryption). Empty for an unknown session.
     */
    public List<Interaction> readRecentDecoded(String sessionId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(readRecent.sql())) {
            bind(statement, readRecent.parameterNames(), sessionId, null, null, limit);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? decode(row.getString(1)) : List.of();
            }
        }
    }

    /** The turns of a stored JSON array whose elements all carry id, query, answer and timestamp. */
    static List<Interaction> decode(String window) throws SQLException {
        List<Interaction> turns = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(window)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new SQLException("the window is not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String id = null;
                String query = null;
                String answer = null;
                Instant timestamp = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "id" -> id = parser.getText();
                        case "query" -> query = parser.getText();
                        case "answer" -> answer = parser.getText();
                        case "timestamp" -> timestamp = Instant.parse(parser.getText());
                        default -> parser.skipChildren();
                    }
                }
                turns.add(new Interaction(id, query, answer, timestamp, Map.of()));
            }
        } catch (IOException notJson) {
            throw new SQLException("the window is not JSON", notJson);
        }
        return turns;
    }

    private static void bind(PreparedStatement statement, List<String> names, String sessionId, String id,
                             String turnJson, int number) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            int index = i + 1;
            switch (names.get(i)) {
                case "sessionId" -> statement.setString(index, sessionId);
                case "id" -> statement.setString(index, id);
                case "element" -> statement.setObject(index, jsonb(turnJson));
                // The SDK's append binds the JSON it would otherwise build in SQL (see its mapper).
                case "turns" -> statement.setObject(index, jsonb("[" + turnJson + "]"));
                case "idProbe" -> statement.setObject(index, jsonb("[{\"id\":\""
                        + new String(JsonStringEncoder.getInstance().quoteAsString(id)) + "\"}]"));
                case "keepLast" -> statement.setObject(index, jsonb("{\"n\":" + number + "}"));
                case "maxLength", "limit" -> statement.setInt(index, number);
                default -> throw new IllegalStateException("unexpected parameter " + names.get(i));
            }
        }
    }

    private static PGobject jsonb(String json) throws SQLException {
        PGobject value = new PGobject();
        value.setType("jsonb");
        value.setValue(json);
        return value;
    }
}
