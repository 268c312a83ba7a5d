package dev.memorysdk.bench;

import java.util.List;

/**
 * The SDK's append and context read as release 0.1 sent them, kept as fixed text so every later
 * statement is measured against them in the same run ({@code v0.1-append}, {@code v0.1-context}).
 * The append reads the stored history up to four times (two length checks, the trim, the id check);
 * the read extracts the window and the timestamps in two passes over it.
 */
final class V01Statements {

    static final SdkStatementText APPEND = new SdkStatementText("""
            INSERT INTO session_memory AS s (session_id, history, updated_at)
            VALUES (?, jsonb_build_array(?), now())
            ON CONFLICT (session_id) DO UPDATE
               SET history = CASE
                               WHEN jsonb_array_length(s.history) < ? THEN s.history || EXCLUDED.history
                               WHEN jsonb_array_length(s.history) = ? THEN (s.history - 0) || EXCLUDED.history
                               ELSE jsonb_path_query_array(s.history || EXCLUDED.history, '$[last - $n + 1 to last]',
                                                           jsonb_build_object('n', ?::int))
                             END,
                   updated_at = EXCLUDED.updated_at
             WHERE NOT s.history @> jsonb_build_array(jsonb_build_object('id', ?::text))""",
            List.of("sessionId", "element", "maxLength", "maxLength", "maxLength", "id"));

    static final SdkStatementText READ_RECENT = new SdkStatementText("""
            SELECT jsonb_path_query_array(history, '$[last - $n + 1 to last]', jsonb_build_object('n', ?::int)) AS recent,
                   jsonb_path_query_array(history, '$[*].timestamp') AS timestamps,
                   ttl_seconds
              FROM session_memory
             WHERE session_id = ?""",
            List.of("limit", "sessionId"));

    private V01Statements() {
    }
}
