-- Session memory: one row per session, its recent turns as a JSONB array (oldest first).
-- This is the table as existing services already created it; every statement is idempotent so the
-- script can run against such a database (psql -v ON_ERROR_STOP=1 -f, or Flyway with a baseline).

CREATE TABLE IF NOT EXISTS session_memory (
    session_id VARCHAR(255) PRIMARY KEY,
    history    JSONB        NOT NULL DEFAULT '[]'::jsonb,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT NOW()
);

-- Cleanup of expired sessions scans by age.
CREATE INDEX IF NOT EXISTS idx_session_memory_updated_at ON session_memory (updated_at);

-- Containment queries over the stored turns (history @> ...).
CREATE INDEX IF NOT EXISTS idx_session_memory_history ON session_memory USING GIN (history);
