package dev.memorysdk.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What has been written to a schema's {@code session_memory}: the statistics collector's row
 * counters, and the sum of the rows' {@code xmin} (changes whenever any row is rewritten, with no
 * dependence on when statistics are flushed).
 *
 * @param inserted   rows inserted
 * @param updated    rows updated (HOT or not)
 * @param hotUpdated rows updated in place (HOT), without new index entries
 * @param deleted    rows deleted
 * @param xminSum    sum of the live rows' {@code xmin}
 */
public record TableActivity(long inserted, long updated, long hotUpdated, long deleted, long xminSum) {

    /** Reads the counters; let the writers' connections close first so their statistics are flushed. */
    public static TableActivity of(BenchDatabase database, String schema) {
        try (Connection connection = database.connect(schema)) {
            try (PreparedStatement clear = connection.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
                clear.execute();
            }
            long[] counters = new long[4];
            try (PreparedStatement stats = connection.prepareStatement("""
                    SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables
                     WHERE schemaname = ? AND relname = 'session_memory'""")) {
                stats.setString(1, schema);
                try (ResultSet row = stats.executeQuery()) {
                    if (row.next()) {
                        for (int i = 0; i < counters.length; i++) {
                            counters[i] = row.getLong(i + 1);
                        }
                    }
                }
            }
            long xminSum;
            try (PreparedStatement xmins = connection.prepareStatement(
                    "SELECT coalesce(sum(xmin::text::bigint), 0) FROM session_memory");
                 ResultSet row = xmins.executeQuery()) {
                row.next();
                xminSum = row.getLong(1);
            }
            return new TableActivity(counters[0], counters[1], counters[2], counters[3], xminSum);
        } catch (SQLException failure) {
            throw new IllegalStateException("reading table statistics of " + schema + " failed", failure);
        }
    }

    /** The writes between {@code before} and this snapshot (the xmin sum is this one's). */
    public TableActivity since(TableActivity before) {
        return new TableActivity(inserted - before.inserted, updated - before.updated,
                hotUpdated - before.hotUpdated, deleted - before.deleted, xminSum);
    }

    /** Rows written in any way. */
    public long writes() {
        return inserted + updated + deleted;
    }

    /** The share of updates that were HOT, 0 to 100. */
    public double hotPercent() {
        return updated == 0 ? 0 : 100.0 * hotUpdated / updated;
    }
}
