-- Opt-in: a GIN index over the whole stored history, for applications that query the stored turns
-- themselves with containment (history @> '[{"id": "..."}]'). The SDK never uses it.
--
-- Cost, measured with memory-bench (20-turn histories, 16 clients, 2 cores) for the seed's index
-- (default jsonb_ops): the SDK's append runs at 0.53x to 0.77x the rate without it on
-- PostgreSQL 17 and 0.76x on PostgreSQL 15, with multi-second stalls when its pending list is flushed; it is rewritten on every append and grows with every row version until
-- vacuum. This script builds the smaller jsonb_path_ops variant, which serves @> only; expect a
-- cost of the same kind, and measure it with ./run-bench.sh before enabling it.
--
-- CONCURRENTLY: builds without blocking appends; cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_session_memory_history
    ON session_memory USING GIN (history jsonb_path_ops);
