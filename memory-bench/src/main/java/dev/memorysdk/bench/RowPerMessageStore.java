package dev.memorysdk.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * The comparison store with one row per message (as langchain-postgres keeps chat history): an
 * append is one INSERT, a read takes the newest rows by index. It keeps every message; trimming to
 * a window would be a separate DELETE. Thread-safe.
 */
public final class RowPerMessageStore {

    /** The table and the index the read walks. */
    public static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS message_memory (
                id         BIGSERIAL    PRIMARY KEY,
                session_id VARCHAR(255) NOT NULL,
                content    JSONB        NOT NULL,
                created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS idx_message_memory_session ON message_memory (session_id, id)""";

    private static final String INSERT_MESSAGE =
            "INSERT INTO message_memory (session_id, content) VALUES (?, ?::jsonb)";
    private static final String SELECT_LAST =
            "SELECT content FROM message_memory WHERE session_id = ? ORDER BY id DESC LIMIT ?";

    private final DataSource dataSource;

    public RowPerMessageStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the table in the connection's schema. */
    public static void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
        }
    }

    /** Adds one message (JSON text). */
    public void append(String sessionId, String message) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            insert.setString(1, sessionId);
            insert.setString(2, message);
            insert.executeUpdate();
        }
    }

    /** The last {@code limit} messages of the session, oldest first. */
    public List<String> lastMessages(String sessionId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_LAST)) {
            select.setString(1, sessionId);
            select.setInt(2, limit);
            List<String> messages = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(rows.getString(1));
                }
            }
            Collections.reverse(messages);
            return messages;
        }
    }
}
