-- Per-session time to live. NULL means the application's default TTL applies.
ALTER TABLE session_memory ADD COLUMN IF NOT EXISTS ttl_seconds INTEGER;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conname = 'session_memory_ttl_seconds_positive'
                     AND conrelid = 'session_memory'::regclass) THEN
        ALTER TABLE session_memory
            ADD CONSTRAINT session_memory_ttl_seconds_positive CHECK (ttl_seconds > 0);
    END IF;
END
$$;

-- Cleanup finds sessions with their own TTL through this small partial index; sessions on the
-- default TTL go through idx_session_memory_updated_at.
CREATE INDEX IF NOT EXISTS idx_session_memory_own_ttl ON session_memory (updated_at)
    WHERE ttl_seconds IS NOT NULL;
