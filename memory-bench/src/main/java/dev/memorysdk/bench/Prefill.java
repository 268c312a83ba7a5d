package dev.memorysdk.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills stores with sessions of a given history length on the server side (one INSERT ... SELECT
 * generate_series each), with the same kind of text the load writes (see {@link TurnText}).
 */
public final class Prefill {

    private static final String TEXT_FUNCTION = """
            CREATE OR REPLACE FUNCTION public.bench_text(words text[], length int) RETURNS text
            LANGUAGE sql VOLATILE AS $$
              SELECT left(string_agg(words[1 + floor(random() * cardinality(words))::int], ' '), length)
                FROM generate_series(1, length / 3 + 1)
            $$""";

    private static final String TURN_FUNCTION = """
            CREATE OR REPLACE FUNCTION public.bench_turn(id text, words text[], payload int) RETURNS jsonb
            LANGUAGE sql VOLATILE AS $$
              SELECT jsonb_build_object(
                       'id', id,
                       'query', public.bench_text(words, payload / 5),
                       'answer', public.bench_text(words, payload - payload / 5),
                       'timestamp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            $$""";

    private final BenchDatabase database;
    private final int payloadBytes;

    public Prefill(BenchDatabase database, int payloadBytes) {
        this.database = database;
        this.payloadBytes = payloadBytes;
        database.execute("public", TEXT_FUNCTION);
        database.execute("public", TURN_FUNCTION);
    }

    /** Sessions {@code prefix1..prefixN} in {@code session_memory}, each with {@code turns} turns. */
    public void sessionMemory(String schema, String prefix, int sessions, int turns) {
        run(schema, "session_memory", """
                INSERT INTO session_memory (session_id, history, updated_at)
                SELECT ? || s,
                       coalesce((SELECT jsonb_agg(public.bench_turn(? || s || '-' || t, ?, ?) ORDER BY t)
                                   FROM generate_series(1, ? + 0 * s) AS t), '[]'::jsonb),
                       now()
                  FROM generate_series(1, ?) AS s
                """, prefix, sessions, turns);
    }

    /** The same sessions as rows of the rewrite-all store. */
    public void rewriteAll(String schema, String prefix, int sessions, int turns) {
        run(schema, "rewrite_all_memory", """
                INSERT INTO rewrite_all_memory (session_id, seq, content)
                SELECT ? || s, t, public.bench_turn(? || s || '-' || t, ?, ?)::text
                  FROM generate_series(1, ?) AS t, generate_series(1, ?) AS s
                """, prefix, sessions, turns);
    }

    /** The same sessions as rows of the row-per-message store. */
    public void rowPerMessage(String schema, String prefix, int sessions, int turns) {
        run(schema, "message_memory", """
                INSERT INTO message_memory (session_id, content)
                SELECT ? || s, public.bench_turn(? || s || '-' || t, ?, ?)
                  FROM generate_series(1, ?) AS t, generate_series(1, ?) AS s
                 ORDER BY s, t
                """, prefix, sessions, turns);
    }

    /** Sessions last updated {@code ageSeconds} ago, with a one-turn history: what cleanup deletes. */
    public void expiredSessions(String schema, String prefix, int sessions, long ageSeconds) {
        try (Connection connection = database.connect(schema);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO session_memory (session_id, history, updated_at)
                     SELECT ? || s, jsonb_build_array(jsonb_build_object('id', 'old', 'query', 'q', 'answer', 'a',
                                'timestamp', '2000-01-01T00:00:00Z')),
                            now() - make_interval(secs => ?::double precision)
                       FROM generate_series(1, ?) AS s
                     """)) {
            insert.setString(1, prefix);
            insert.setLong(2, ageSeconds);
            insert.setInt(3, sessions);
            insert.executeUpdate();
            vacuumAnalyze(connection, "session_memory");
        } catch (SQLException failure) {
            throw new IllegalStateException("inserting expired sessions failed: " + failure.getMessage(), failure);
        }
    }

    private void run(String schema, String table, String sql, String prefix, int sessions, int turns) {
        try (Connection connection = database.connect(schema);
             PreparedStatement insert = connection.prepareStatement(sql)) {
            Array words = connection.createArrayOf("text", TurnText.VOCABULARY.toArray());
            insert.setString(1, prefix);
            insert.setString(2, prefix);
            insert.setArray(3, words);
            insert.setInt(4, payloadBytes);
            insert.setInt(5, turns);
            insert.setInt(6, sessions);
            insert.executeUpdate();
            vacuumAnalyze(connection, table);
        } catch (SQLException failure) {
            throw new IllegalStateException("prefilling " + schema + " failed: " + failure.getMessage(), failure);
        }
    }

    /** Settles the table (visibility map, statistics) so every scenario starts from the same state. */
    private static void vacuumAnalyze(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE " + table);
        }
    }
}
