-- Tuning of session_memory by measurement (memory-bench, docs/performance.md). Every append
-- rewrites the session's whole row, so what each row version costs decides the append rate.
-- Idempotent: safe to run twice with psql -v ON_ERROR_STOP=1 -f, and under Flyway as V3.

-- The GIN index over the whole history is rewritten on every append (a new row version gets new
-- entries for every key and value of every stored turn). Dropping it made the SDK's append 1.3x to
-- 1.9x faster on PostgreSQL 17 and 1.3x on PostgreSQL 15 (20-turn histories of 500-byte turns,
-- 16 clients, 2 cores), and removed its multi-second stalls when the GIN pending list is flushed.
-- Nothing in the SDK queries it. Applications that search the stored turns with @> can add it
-- back with sql/optional/create_history_gin_index.sql, at that cost.
DROP INDEX IF EXISTS idx_session_memory_history;

-- lz4 instead of pglz for the history's TOAST compression: decompressing and recompressing the
-- history is most of an append's remaining work. Measured on PostgreSQL 15: lz4 alone 1.29x the
-- seed's append rate, lz4 with the GIN index dropped 2.24x. Applies to values written from now on; each
-- session's row is recompressed by its next append. PostgreSQL 14+ built with lz4 only: on
-- other servers this step is skipped with a notice and the column keeps its compression.
DO $$
BEGIN
    IF current_setting('server_version_num')::int < 140000 THEN
        RAISE NOTICE 'session_memory.history keeps its compression: lz4 needs PostgreSQL 14 or later';
    ELSIF NOT EXISTS (SELECT 1 FROM pg_attribute
                      WHERE attrelid = 'session_memory'::regclass AND attname = 'history'
                        AND attcompression = 'l') THEN
        -- A statement string, so the script still parses on servers older than 14.
        EXECUTE 'ALTER TABLE session_memory ALTER COLUMN history SET COMPRESSION lz4';
    END IF;
EXCEPTION
    WHEN feature_not_supported THEN
        RAISE NOTICE 'session_memory.history keeps its compression: this server is built without lz4';
END
$$;

-- Kept from V1/V2 on purpose, measured:
-- * idx_session_memory_updated_at (btree): cleanup by age finds expired sessions through it and
--   getAllSessions walks it in order. Replacing it by BRIN (which, on PostgreSQL 16+, lets appends
--   be HOT updates) changed the append rate by about 1 %, within the noise, and BRIN cannot
--   serve the ordered walk.
-- * fillfactor stays 100: fillfactor 80 with HOT updates was not faster.
