package dev.memorysdk.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.core.Utils;

/**
 * {@link TenantConnections}'s connections on Citus. There the tenant's row-level security
 * policy is evaluated on the workers, which a coordinator's {@code set_config} does not reach;
 * Citus carries {@code SET LOCAL} to the workers inside a transaction block when
 * {@code citus.propagate_set_commands} is {@code 'local'}. So each statement runs in a transaction
 * block of its own (or in the caller's), prefixed with
 * {@code SET LOCAL citus.propagate_set_commands = 'local'; SET LOCAL statement_timeout = N; SET LOCAL memory.tenant = '<tenant>'}:
 * one batch before one Sync, then the commit. {@code SET} takes no bound parameter, so the tenant
 * is a literal, quoted by the driver (it is the application's configuration, never user text, and
 * holds no NUL). Nothing outlives the transaction. Thread-safe (the proxies carry no state of their own).
 */
final class DistributedTenantConnections {

    /** The prefix's statements, whose results the caller does not see. */
    private static final int SETTINGS = 3;

    private DistributedTenantConnections() {
    }

    /** {@code connection} whose prepared statements run as {@code tenant} on every node. */
    static Connection connection(Connection connection, Duration statementTimeout, String tenant) throws SQLException {
        String prefix = "SET LOCAL citus.propagate_set_commands = 'local'; "
                + "SET LOCAL statement_timeout = " + statementTimeout.toMillis() + "; "
                + "SET LOCAL " + TenantConnections.TENANT_SETTING + " = '"
                + Utils.escapeLiteral(null, tenant, true) + "'; ";
        return TenantConnections.proxy(Connection.class, connection, (method, args) -> {
            if (method.getName().equals("prepareStatement")) {
                Object[] prefixed = args.clone();
                prefixed[0] = prefix + args[0];
                PreparedStatement statement = (PreparedStatement) method.invoke(connection, prefixed);
                return inTransactionBlock(TenantConnections.skippingResults(statement, SETTINGS), connection);
            }
            return method.invoke(connection, args);
        });
    }

    /** Each execution in a transaction block: the caller's, or one opened and committed around it. */
    private static PreparedStatement inTransactionBlock(PreparedStatement statement, Connection connection) {
        return TenantConnections.proxy(PreparedStatement.class, statement, (method, args) -> {
            if (!TenantConnections.EXECUTIONS.contains(method.getName()) || !connection.getAutoCommit()) {
                return method.invoke(statement, args);
            }
            connection.setAutoCommit(false);
            try {
                Object result = method.invoke(statement, args);
                connection.commit();
                return result;
            } catch (Exception failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }
}
