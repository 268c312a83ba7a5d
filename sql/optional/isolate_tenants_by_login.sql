-- Tenant isolation bound to the database login: every row of session_memory belongs to the role
-- that wrote it, and a connection sees and writes only the rows of the role it runs as
-- (current_user). The application connects once per tenant, as that tenant's own login role, with
-- a pool per tenant and no tenant setting in the SDK. Unlike isolate_tenants.sql, whose tenant is
-- a setting any statement of the shared application role can change (SET memory.tenant,
-- set_config), nothing a connection runs can name another tenant here: SET ROLE needs membership
-- in the other role, SET SESSION AUTHORIZATION needs a superuser, and RESET only returns to the
-- login role.
--
-- Apply after isolate_tenants.sql (which adds tenant_id, its checks and index, and forces
-- row-level security), as the table's owner: this replaces its policy and its column default. One
-- role per tenant, created by an administrator:
--   CREATE ROLE tenant_acme LOGIN PASSWORD '...' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOINHERIT;
--   GRANT SELECT, INSERT, UPDATE, DELETE ON session_memory, session_memory_lease TO tenant_acme;
-- Never grant one tenant role to another (SET ROLE would then switch tenants), and never let the
-- tenants log in as the table's owner, a superuser or a BYPASSRLS role. Rows stored before belong
-- to the tenant named in their tenant_id: rename them to the login role's name (as a role with
-- BYPASSRLS) for that tenant to see them.
-- Session ids stay the primary key: they must be unique across tenants (random UUIDs are); a
-- tenant writing to another tenant's session id is refused (42501), never shown the other's turns.
-- Idempotent.
BEGIN;

-- The SDK's statements never name tenant_id: a new row belongs to the role that inserts it.
ALTER TABLE session_memory ALTER COLUMN tenant_id SET DEFAULT current_user;
DROP POLICY IF EXISTS session_memory_tenant ON session_memory;
DROP POLICY IF EXISTS session_memory_tenant_login ON session_memory;
-- Permissive policies are OR-ed: the per-transaction policy must go, or a SET memory.tenant
-- would still open another tenant's rows.
CREATE POLICY session_memory_tenant_login ON session_memory
    USING (tenant_id = current_user)
    WITH CHECK (tenant_id = current_user);

COMMIT;
