-- Tenant isolation with row-level security: every row of session_memory belongs to one tenant, and
-- a connection sees and writes only the rows of the tenant it names for its transaction with
-- set_config('memory.tenant', <tenant>, true), which the SDK does for every statement of a manager
-- built with .tenant(...) (as a bound parameter, in the statement's own round trip, so it holds
-- behind PgBouncer in transaction pooling). A transaction that names no tenant sees nothing and
-- can write nothing.
--
-- Apply after the migrations, as the table's owner. The application must connect as a role that is
-- neither a superuser nor BYPASSRLS (those ignore every policy); FORCE makes the policy bind the
-- table's owner too. Rows already stored go to the tenant 'default' (move them with
-- UPDATE session_memory SET tenant_id = '<tenant>' WHERE ... as the owner, before FORCE, or as a
-- role with BYPASSRLS).
-- Session ids stay the primary key: they must be unique across tenants (random UUIDs are); a
-- tenant writing to another tenant's session id is refused (42501), never shown the other's turns.
-- Idempotent.
BEGIN;

ALTER TABLE session_memory ADD COLUMN IF NOT EXISTS tenant_id TEXT;
UPDATE session_memory SET tenant_id = 'default' WHERE tenant_id IS NULL;
ALTER TABLE session_memory ALTER COLUMN tenant_id SET DEFAULT current_setting('memory.tenant', true);
ALTER TABLE session_memory ALTER COLUMN tenant_id SET NOT NULL;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'session_memory_tenant_named') THEN
        ALTER TABLE session_memory ADD CONSTRAINT session_memory_tenant_named CHECK (tenant_id <> '');
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS idx_session_memory_tenant ON session_memory (tenant_id);

ALTER TABLE session_memory ENABLE ROW LEVEL SECURITY;
ALTER TABLE session_memory FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS session_memory_tenant ON session_memory;
-- current_setting(..., true) is NULL (never set in this session) or '' (set in an earlier
-- transaction, reset at its end) without a tenant: neither equals any tenant_id.
CREATE POLICY session_memory_tenant ON session_memory
    USING (tenant_id = current_setting('memory.tenant', true))
    WITH CHECK (tenant_id = current_setting('memory.tenant', true));

COMMIT;
