package dev.memorysdk.testsupport;

import dev.memorysdk.Durability;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.MemorySchema;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.util.List;

/**
 * The options that change the SDK's code path, as one run of the memory contract sets them: field
 * encryption, a tenant under row-level security (connecting as a role that is neither superuser nor
 * BYPASSRLS), the near cache, and RELAXED durability.
 *
 * @param encryption whether turns are sealed with {@link #KEYS}
 * @param tenant     whether the manager works as tenant {@link #TENANT} with {@code isolate_tenants.sql} applied
 * @param nearCache  whether the near cache holds windows ({@link #NEAR_CACHE_BYTES})
 * @param relaxed    whether appends use {@link Durability#RELAXED}
 */
public record ContractOptions(boolean encryption, boolean tenant, boolean nearCache, boolean relaxed) {

    /** Every option at its default. */
    public static final ContractOptions DEFAULTS = new ContractOptions(false, false, false, false);
    /** Every option that changes a code path, on together. */
    public static final ContractOptions ALL = new ContractOptions(true, true, true, true);

    /** The tenant of runs with a tenant. */
    public static final String TENANT = "contract-tenant";
    /** The application's role under row-level security: neither superuser nor BYPASSRLS. */
    public static final String APP_ROLE = "memory_contract_app";
    /** The near cache's size in runs with it. */
    public static final long NEAR_CACHE_BYTES = 4L * 1024 * 1024;
    /** One key provider for every manager of every run, so that managers of one run read each other's turns. */
    public static final TestKeys KEYS = TestKeys.withCurrent("contract-key");

    /** The role the SDK logs in as. */
    public String role() {
        return tenant ? APP_ROLE : TestDatabase.USER;
    }

    /** The roles a pooler in front of the run must let in. */
    public List<String> roles() {
        return tenant ? List.of(TestDatabase.USER, APP_ROLE) : List.of(TestDatabase.USER);
    }

    /** Prepares the run's database as its owner: the tenant policy, the application role and its grants. */
    public void prepare(TestDatabase owner) {
        if (!tenant) {
            return;
        }
        owner.execute(MemorySchema.script("optional/isolate_tenants.sql"));
        owner.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "') THEN "
                + "CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$");
        owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON session_memory, session_memory_lease TO " + APP_ROLE);
    }

    /**
     * The owner's view for a test's own SQL: with a tenant, its rows are written as the tenant's (the
     * column's default reads the connection's {@code memory.tenant}); the owner, a superuser, sees every row.
     */
    public TestDatabase ownerView(TestDatabase owner) {
        return tenant ? owner.withSetting("memory.tenant", TENANT) : owner;
    }

    /** Sets these options' values on {@code config}: the tenant, the near cache, the durability. */
    public MemoryConfig.Builder apply(MemoryConfig.Builder config) {
        if (tenant) {
            config.tenant(TENANT);
        }
        if (nearCache) {
            config.nearCacheMaxBytes(NEAR_CACHE_BYTES);
        }
        if (relaxed) {
            config.durability(Durability.RELAXED);
        }
        return config;
    }

    /** Sets these options' objects on {@code builder}: the key provider. */
    public PostgresMemoryManager.Builder apply(PostgresMemoryManager.Builder builder) {
        return encryption ? builder.encryption(KEYS) : builder;
    }
}
