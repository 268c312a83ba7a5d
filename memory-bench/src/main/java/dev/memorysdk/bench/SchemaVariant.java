package dev.memorysdk.bench;

import dev.memorysdk.postgres.MemorySchema;
import java.util.ArrayList;
import java.util.List;

/**
 * A version of the {@code session_memory} table to measure: the seed's migrations, the SDK's full
 * migration list, or the seed with one change applied.
 *
 * @param name    a short label, also the suffix of the schema it is created in
 * @param scripts the SQL run, in order, to create it
 */
public record SchemaVariant(String name, List<String> scripts) {

    /** The migrations the seed shipped, untuned. */
    public static final List<String> SEED_MIGRATIONS =
            List.of("V1__create_session_memory.sql", "V2__add_session_ttl.sql");

    public SchemaVariant {
        scripts = List.copyOf(scripts);
    }

    /** The seed's table, with its indexes and storage defaults (V1 and V2). */
    public static SchemaVariant seed() {
        return new SchemaVariant("seed", SEED_MIGRATIONS.stream().map(MemorySchema::script).toList());
    }

    /** The table as the SDK's migrations create it today (every script in {@code MIGRATIONS}). */
    public static SchemaVariant tuned() {
        return new SchemaVariant("tuned", MemorySchema.migrations().stream().map(MemorySchema::script).toList());
    }

    /** The tuned table moved to 16 hash partitions by {@code sql/optional/partition_session_memory_by_hash.sql}. */
    public static SchemaVariant partitioned() {
        List<String> scripts = new ArrayList<>(tuned().scripts());
        scripts.add(MemorySchema.script("optional/partition_session_memory_by_hash.sql"));
        return new SchemaVariant("partitioned", scripts);
    }

    /** The tuned table with its history stored uncompressed by {@code sql/optional/store_history_uncompressed.sql}. */
    public static SchemaVariant uncompressed() {
        List<String> scripts = new ArrayList<>(tuned().scripts());
        scripts.add(MemorySchema.script("optional/store_history_uncompressed.sql"));
        return new SchemaVariant("uncompressed", scripts);
    }

    /** The seed plus {@code changes}, to measure one change at a time. */
    public static SchemaVariant seedWith(String name, String... changes) {
        List<String> scripts = new ArrayList<>(seed().scripts());
        scripts.addAll(List.of(changes));
        return new SchemaVariant(name, scripts);
    }

    /**
     * The variants whose cost or gain decides the tuned schema: each change of the seed alone, then
     * combined. Variants a server cannot create (lz4 on a server built without it) are skipped.
     */
    public static List<SchemaVariant> candidates() {
        String lz4 = "ALTER TABLE session_memory ALTER COLUMN history SET COMPRESSION lz4";
        String dropGin = "DROP INDEX IF EXISTS idx_session_memory_history";
        String brinInsteadOfBtrees = "DROP INDEX IF EXISTS idx_session_memory_updated_at; "
                + "DROP INDEX IF EXISTS idx_session_memory_own_ttl; "
                + "CREATE INDEX idx_session_memory_updated_at_brin ON session_memory USING BRIN (updated_at)";
        String fillfactor = "ALTER TABLE session_memory SET (fillfactor = 80)";
        String uncompressed = "ALTER TABLE session_memory ALTER COLUMN history SET STORAGE EXTERNAL";
        return List.of(
                seed(),
                seedWith("lz4", lz4),
                seedWith("no_gin", dropGin),
                seedWith("no_gin_brin", dropGin, brinInsteadOfBtrees),
                seedWith("no_gin_brin_ff80", dropGin, brinInsteadOfBtrees, fillfactor),
                seedWith("no_gin_lz4", dropGin, lz4),
                seedWith("no_gin_uncompressed", dropGin, uncompressed),
                tuned(),
                partitioned());
    }

    /** The schema this variant is created in. */
    public String schema(String prefix) {
        return "bench_" + prefix + "_" + name;
    }
}
