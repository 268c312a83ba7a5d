-- Moves session_memory to PARTITION BY HASH (session_id): 16 partitions, each with its own primary
-- key and indexes, so every per-session statement touches one partition and cleanup deletes
-- partition by partition through each partition's primary key.
--
-- Optional: the SDK works the same on the plain table. Run it after V1..V3 (psql -v ON_ERROR_STOP=1
-- -f sql/optional/partition_session_memory_by_hash.sql); running it again does nothing. To choose
-- another number of partitions, change `partitions` below before the first run: a power of two
-- (8-64) keeps partitions even; more than the server's cores gains little.
--
-- What it does, in one transaction: renames the table to session_memory_unpartitioned (and its
-- indexes), creates the partitioned table under the old name, copies every row, and keeps the old
-- table for you to compare and drop (DROP TABLE session_memory_unpartitioned). The old table is
-- locked (ACCESS EXCLUSIVE) for the whole copy, so SDK calls wait or fall back meanwhile: for
-- 1 M sessions that is tens of seconds. For a large table without that pause, create the partitioned
-- table under another name, copy in batches by session_id while the SDK runs, then swap the names in
-- one short transaction after a last catch-up copy of rows with a newer updated_at.
BEGIN;

DO $$
DECLARE
    partitions CONSTANT int := 16;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'session_memory'::regclass) THEN
        RAISE NOTICE 'session_memory is already partitioned';
        RETURN;
    END IF;

    LOCK TABLE session_memory IN ACCESS EXCLUSIVE MODE;
    ALTER TABLE session_memory RENAME TO session_memory_unpartitioned;
    ALTER INDEX IF EXISTS session_memory_pkey RENAME TO session_memory_unpartitioned_pkey;
    ALTER INDEX IF EXISTS idx_session_memory_updated_at RENAME TO idx_session_memory_unpartitioned_updated_at;
    ALTER INDEX IF EXISTS idx_session_memory_own_ttl RENAME TO idx_session_memory_unpartitioned_own_ttl;
    ALTER INDEX IF EXISTS idx_session_memory_history RENAME TO idx_session_memory_unpartitioned_history;

    CREATE TABLE session_memory (
        session_id  VARCHAR(255) NOT NULL,
        history     JSONB        NOT NULL DEFAULT '[]'::jsonb,
        updated_at  TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
        ttl_seconds INTEGER,
        CONSTRAINT session_memory_pkey PRIMARY KEY (session_id),
        CONSTRAINT session_memory_ttl_seconds_positive CHECK (ttl_seconds > 0)
    ) PARTITION BY HASH (session_id);

    -- As V3: lz4 where the server has it; partitions created afterwards take it over.
    IF current_setting('server_version_num')::int >= 140000 THEN
        BEGIN
            EXECUTE 'ALTER TABLE session_memory ALTER COLUMN history SET COMPRESSION lz4';
        EXCEPTION
            WHEN feature_not_supported THEN
                RAISE NOTICE 'session_memory.history keeps its compression: this server is built without lz4';
        END;
    END IF;

    FOR remainder IN 0 .. partitions - 1 LOOP
        EXECUTE format('CREATE TABLE session_memory_p%s PARTITION OF session_memory '
                       'FOR VALUES WITH (MODULUS %s, REMAINDER %s)', remainder, partitions, remainder);
    END LOOP;

    -- Created on the parent, so each partition gets its own (and so will partitions added later).
    CREATE INDEX idx_session_memory_updated_at ON session_memory (updated_at);
    CREATE INDEX idx_session_memory_own_ttl ON session_memory (updated_at) WHERE ttl_seconds IS NOT NULL;

    INSERT INTO session_memory (session_id, history, updated_at, ttl_seconds)
    SELECT session_id, history, updated_at, ttl_seconds FROM session_memory_unpartitioned;
END
$$;

COMMIT;
