package dev.memorysdk.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.memorysdk.MemoryException;
import dev.memorysdk.DatabaseUrl;
import dev.memorysdk.internal.config.MemorySettings;
import dev.memorysdk.internal.metrics.MicrometerMetrics;
import java.util.Map;
import javax.sql.DataSource;

/** The HikariCP pool a manager owns when it is given a URL: its settings, and its figures for health. */
final class OwnedPool {

    private OwnedPool() {
    }

    /** The pool's figures, when {@code dataSource} is a HikariCP pool; nothing otherwise. */
    static void putFigures(DataSource dataSource, Map<String, Object> details) {
        HikariPoolMXBean pool = dataSource instanceof HikariDataSource hikari ? hikari.getHikariPoolMXBean() : null;
        if (pool != null) {
            details.put("pool.active", pool.getActiveConnections());
            details.put("pool.idle", pool.getIdleConnections());
            details.put("pool.waiting", pool.getThreadsAwaitingConnection());
            details.put("pool.total", pool.getTotalConnections());
        }
    }

    /**
     * Creates the pool for the URL given as {@code setting}, named {@code name}; it starts even while
     * the database is down.
     */
    static HikariDataSource create(MemorySettings settings, String setting, String jdbcUrl, String name,
                                   MicrometerMetrics micrometer) {
        DatabaseUrl url = DatabaseUrl.parse(setting, jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(settings.config().username().orElse(null) != null ? settings.config().username().orElse(null) : url.username());
        config.setPassword(settings.config().password().orElse(null) != null ? settings.config().password().orElse(null) : url.password());
        config.setMaximumPoolSize(settings.config().maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.config().maxPoolSize()));
        long connectionTimeoutMillis = settings.config().connectionTimeout().toMillis();
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setValidationTimeout(Math.min(1_000, connectionTimeoutMillis));
        // Start even while the database is down: the breaker and the fallback policy take it from there.
        config.setInitializationFailTimeout(-1);
        // Driver properties must be strings: pgjdbc reads them with Properties.getProperty, which
        // ignores any other type, and HikariCP passes them to the driver as they are.
        String connectSeconds = String.valueOf(Math.max(1, (connectionTimeoutMillis + 999) / 1000));
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("loginTimeout", connectSeconds);
        config.addDataSourceProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        config.addDataSourceProperty("cancelSignalTimeout", connectSeconds);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "memory-sdk");
        // A refused row's "Detail: Failing row contains (...)" quotes stored text into exceptions and logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        if (micrometer != null) {
            config.setMetricsTrackerFactory(micrometer.poolMetrics());
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException failure) {
            throw new MemoryException("creating the connection pool for " + DatabaseUrl.redact(url.jdbcUrl())
                    + " failed: " + failure.getMessage(), failure);
        }
    }
}
