package dev.memorysdk.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The comparison store that saves a session by rewriting it, as Spring AI's JDBC chat memory does:
 * read the session's messages, add the new one and keep the last {@code maxLength}, then in one
 * transaction delete the session's rows and insert the window again. The read is outside that
 * transaction and the table has no key on the position, as in Spring AI, so two concurrent saves to
 * one session can lose a message or store the window twice.
 * Thread-safe.
 */
public final class RewriteAllStore {

    /** The table, one row per stored message. */
    public static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS rewrite_all_memory (
                session_id VARCHAR(255) NOT NULL,
                seq        INTEGER      NOT NULL,
                content    TEXT         NOT NULL,
                created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS idx_rewrite_all_memory_session ON rewrite_all_memory (session_id, seq)""";

    private static final Pattern ID_FIELD = Pattern.compile("\"id\":\\s*\"([^\"]+)\"");

    private static final String SELECT_ALL =
            "SELECT content FROM rewrite_all_memory WHERE session_id = ? ORDER BY seq";
    private static final String SELECT_LAST =
            "SELECT content FROM rewrite_all_memory WHERE session_id = ? ORDER BY seq DESC LIMIT ?";
    private static final String DELETE_SESSION = "DELETE FROM rewrite_all_memory WHERE session_id = ?";
    private static final String INSERT_MESSAGE =
            "INSERT INTO rewrite_all_memory (session_id, seq, content) VALUES (?, ?, ?)";

    private final DataSource dataSource;
    private final int maxLength;

    public RewriteAllStore(DataSource dataSource, int maxLength) {
        this.dataSource = dataSource;
        this.maxLength = maxLength;
    }

    /** Creates the table in the connection's schema. */
    public static void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
        }
    }

    /** Adds one message (JSON text) to the session, keeping the last {@code maxLength}. */
    public void append(String sessionId, String message) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<String> messages = readAll(connection, sessionId);
            messages.add(message);
            List<String> window = messages.subList(Math.max(0, messages.size() - maxLength), messages.size());
            connection.setAutoCommit(false);
            try {
                rewrite(connection, sessionId, window);
                connection.commit();
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** The last {@code limit} messages of the session, oldest first. */
    public List<String> lastMessages(String sessionId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_LAST)) {
            select.setString(1, sessionId);
            select.setInt(2, limit);
            List<String> messages = readContent(select);
            Collections.reverse(messages);
            return messages;
        }
    }

    /** How many different turn ids the messages hold. */
    public static long distinctIds(List<String> messages) {
        Set<String> ids = new HashSet<>();
        for (String message : messages) {
            Matcher id = ID_FIELD.matcher(message);
            if (id.find()) {
                ids.add(id.group(1));
            }
        }
        return ids.size();
    }

    private static List<String> readAll(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_ALL)) {
            select.setString(1, sessionId);
            return readContent(select);
        }
    }

    private static List<String> readContent(PreparedStatement select) throws SQLException {
        List<String> messages = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                messages.add(rows.getString(1));
            }
        }
        return messages;
    }

    private static void rewrite(Connection connection, String sessionId, List<String> window) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_SESSION);
             PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            delete.setString(1, sessionId);
            delete.executeUpdate();
            for (int seq = 0; seq < window.size(); seq++) {
                insert.setString(1, sessionId);
                insert.setInt(2, seq);
                insert.setString(3, window.get(seq));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
