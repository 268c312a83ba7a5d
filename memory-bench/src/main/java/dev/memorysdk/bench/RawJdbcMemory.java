package dev.memorysdk.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private final DataSource dataSource;
    private final int maxLength;
    private final SdkStatementText append;
    private final SdkStatementText readRecent;

    /**
     * @param relaxed whether the append is the {@code RELAXED} durability form of the statement
     */
    public RawJdbcMemory(DataSource dataSource, int maxLength, boolean relaxed) {
        this.dataSource = dataSource;
        this.maxLength = maxLength;
        this.append = SdkStatementText.of(relaxed ? "appendOneRelaxed" : "appendOne", Map.of());
        this.readRecent = SdkStatementText.of("readRecent", Map.of());
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
     * Runs the SDK's context read; returns the window's JSON text, the timestamps' JSON text and the
     * TTL, or an empty list for an unknown session.
     */
    public List<String> readRecent(String sessionId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(readRecent.sql())) {
            bind(statement, readRecent.parameterNames(), sessionId, null, null, limit);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return List.of();
                }
                return Arrays.asList(row.getString(1), row.getString(2), row.getString(3));
            }
        }
    }

    private static void bind(PreparedStatement statement, List<String> names, String sessionId, String id,
                             String turnJson, int number) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            int index = i + 1;
            switch (names.get(i)) {
                case "sessionId" -> statement.setString(index, sessionId);
                case "id" -> statement.setString(index, id);
                case "element" -> statement.setObject(index, jsonb(turnJson));
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
