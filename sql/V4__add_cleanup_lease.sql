-- One row per fleet-wide task (today only the automatic cleanup): the instance that holds the
-- lease runs the task until locked_until; the others skip their turn. Times are the database's, so
-- the instances' clocks need not agree. Idempotent.
CREATE TABLE IF NOT EXISTS session_memory_lease (
    name         VARCHAR(64)  PRIMARY KEY,
    holder       VARCHAR(128) NOT NULL,
    taken_at     TIMESTAMPTZ  NOT NULL,
    locked_until TIMESTAMPTZ  NOT NULL
);
