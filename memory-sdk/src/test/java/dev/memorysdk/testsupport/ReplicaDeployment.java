package dev.memorysdk.testsupport;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database on a primary with a real streaming standby (one pair per test JVM, started on first use
 * and stopped at exit), the SDK writing to the primary and reading through the replica route
 * ({@code readJdbcUrl} to the standby). The standby replays without delay; the replica's lag is
 * {@code ReadReplicaTest}'s subject.
 */
public final class ReplicaDeployment implements Deployment {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static StreamingReplica servers;

    private final TestDatabase primary;
    private final String standbyUrl;

    private ReplicaDeployment(TestDatabase primary, String standbyUrl) {
        this.primary = primary;
        this.standbyUrl = standbyUrl;
    }

    /** A fresh database on the shared primary, with the migrations applied, replayed by the standby. */
    public static ReplicaDeployment create() {
        StreamingReplica pair = servers();
        String name = "replica_contract_" + DATABASES.incrementAndGet();
        pair.primary().database().execute("CREATE DATABASE " + name);
        ReplicaDeployment deployment = new ReplicaDeployment(pair.primary().database(name).withSchema(),
                pair.standby().database(name).jdbcUrl());
        deployment.awaitReplicated();
        return deployment;
    }

    private static synchronized StreamingReplica servers() {
        if (servers == null) {
            servers = StreamingReplica.start(Duration.ZERO);
            Runtime.getRuntime().addShutdownHook(new Thread(ReplicaDeployment::stop, "replica-deployment-stop"));
        }
        return servers;
    }

    private static synchronized void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Override
    public TestDatabase database() {
        return primary;
    }

    @Override
    public MemoryConfig.Builder connect(String role) {
        return MemoryConfig.custom().jdbcUrl(primary.jdbcUrl()).readJdbcUrl(standbyUrl).username(role);
    }

    @Override
    public void awaitReplicated() {
        servers().awaitCaughtUp(Duration.ofSeconds(10));
    }
}
