package dev.memorysdk.internal.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Connections on which every prepared statement runs as the SDK's tenant, with its
 * {@code statement_timeout}, both set for the statement's own transaction only and nothing set for
 * the session. Used only with a tenant (see {@link MapperCalls#configuration}); without one the
 * driver's timeout is enough.
 *
 * <p>Each statement's text is sent as
 * {@code SELECT set_config('statement_timeout', 'N', true), set_config('memory.tenant', ?, true); <statement>}:
 * pgjdbc sends both in one batch before one Sync, so they share one transaction and one round trip;
 * the server arms the timeout for the second statement and forgets the setting at commit. Nothing
 * outlives the transaction, which is what a pooler in transaction mode (PgBouncer) needs: a session
 * setting would stay on whichever server connection ran it, reach other clients of the pooler, and
 * be missing from the SDK's later transactions on other server connections. {@code set_config} rather
 * than {@code SET LOCAL}, which outside an explicit transaction block answers every call with a
 * warning. The statements' own results follow the setting's; the prepared statements returned here
 * skip the setting's result, so callers see only their statement's; the tenant is a bound
 * parameter, so the caller's parameters are shifted by one. On Citus, where {@code set_config} does not
 * reach the workers, the connections are {@link DistributedTenantConnections}'. Thread-safe (the proxies
 * carry no state of their own; whether the database runs Citus is asked once and remembered).
 */
final class TenantConnections {

    static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate");

    private TenantConnections() {
    }

    /**
     * Wraps {@code dataSource}: connections from the result prefix each prepared statement with the
     * timeout and {@value #TENANT_SETTING} (for the row-level security policy of
     * {@code sql/optional/isolate_tenants.sql}). Only {@link DataSource#getConnection()} and
     * {@link Connection#prepareStatement} with SQL text are adapted; everything else passes through.
     */
    public static DataSource wrap(DataSource dataSource, Duration statementTimeout, String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        // The timeout is a number the SDK formats itself, never user input: a literal. The tenant is
        // a value: the first parameter, with the statement's own parameters shifted by one.
        String prefix = "SELECT set_config('statement_timeout', '" + statementTimeout.toMillis() + "', true), "
                + "set_config('" + TENANT_SETTING + "', ?, true); ";
        AtomicReference<Boolean> citus = new AtomicReference<>();
        return proxy(DataSource.class, dataSource, (method, args) -> {
            Object result = method.invoke(dataSource, args);
            if (!method.getName().equals("getConnection")) {
                return result;
            }
            Connection connection = (Connection) result;
            return isCitus(connection, citus)
                    ? DistributedTenantConnections.connection(connection, statementTimeout, tenant)
                    : connection(connection, prefix, tenant);
        });
    }

    /**
     * Whether the database runs Citus, asked once (on the first connection) and remembered: there a
     * transaction's {@code set_config} does not reach the workers that evaluate the tenant policy.
     */
    private static boolean isCitus(Connection connection, AtomicReference<Boolean> known) throws SQLException {
        Boolean citus = known.get();
        if (citus == null) {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")) {
                citus = row.next() && row.getBoolean(1);
            }
            known.set(citus);
        }
        return citus;
    }

    /** The setting the tenant isolation policy reads. */
    public static final String TENANT_SETTING = "memory.tenant";

    private static Connection connection(Connection connection, String prefix, String tenant) {
        return proxy(Connection.class, connection, (method, args) -> {
            if (method.getName().equals("prepareStatement")) {
                Object[] prefixed = args.clone();
                prefixed[0] = prefix + args[0];
                PreparedStatement statement = (PreparedStatement) method.invoke(connection, prefixed);
                statement.setString(1, tenant);
                return skippingFirstResult(shiftingParameters(statement, tenant));
            }
            return method.invoke(connection, args);
        });
    }

    /** The caller's parameter {@code i} is the statement's {@code i + 1}: the tenant comes first. */
    private static PreparedStatement shiftingParameters(PreparedStatement statement, String tenant) {
        return proxy(PreparedStatement.class, statement, (method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2
                    && method.getParameterTypes()[0] == int.class) {
                Object[] shifted = args.clone();
                shifted[0] = (Integer) args[0] + 1;
                return method.invoke(statement, shifted);
            }
            Object result = method.invoke(statement, args);
            if (method.getName().equals("clearParameters")) {
                statement.setString(1, tenant);
            }
            return result;
        });
    }

    /** The statement's executions step past the setting's result to the statement's own. */
    private static PreparedStatement skippingFirstResult(PreparedStatement statement) {
        return skippingResults(statement, 1);
    }

    /** The statement's executions step past the first {@code count} results to the statement's own. */
    static PreparedStatement skippingResults(PreparedStatement statement, int count) {
        return proxy(PreparedStatement.class, statement, (method, args) -> {
            if (!EXECUTIONS.contains(method.getName()) || (args != null && args.length > 0)) {
                return method.invoke(statement, args);
            }
            statement.execute();
            boolean resultSet = false;
            for (int i = 0; i < count; i++) {
                resultSet = statement.getMoreResults();
            }
            return switch (method.getName()) {
                case "execute" -> resultSet;
                case "executeQuery" -> {
                    if (!resultSet) {
                        throw new SQLException("the statement returned no result set");
                    }
                    yield statement.getResultSet();
                }
                case "executeLargeUpdate" -> statement.getLargeUpdateCount();
                default -> statement.getUpdateCount();
            };
        });
    }

    interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> method.invoke(target, args);
                };
            }
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException failure) {
                throw failure.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(TenantConnections.class.getClassLoader(),
                new Class<?>[] {type}, handler));
    }
}
