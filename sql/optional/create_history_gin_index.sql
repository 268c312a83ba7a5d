-- Opt-in: a GIN index over the whole stored history, for applications that query the stored turns
-- themselves with containment (history @> '[{"id": "..."}]'). The SDK never uses it.
--
-- Cost, measured with memory-bench (20-turn histories, 16 clients, PostgreSQL 17, 2 cores): the
-- SDK's append runs at about 0.53x the rate without it (it is rewritten on every append), and the
-- index grows with every row version until vacuum. Prefer jsonb_path_ops for a smaller index if
-- containment is all you need.
--
-- CONCURRENTLY: builds without blocking appends; cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_session_memory_history
    ON session_memory USING GIN (history jsonb_path_ops);
