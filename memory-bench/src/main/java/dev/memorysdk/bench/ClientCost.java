package dev.memorysdk.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.memorysdk.Durability;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one call costs the client, on one thread with nothing else running in the load tool: the CPU
 * time and the bytes allocated by the calling thread per call, the SDK against raw JDBC of the same
 * statement (and against a raw read that also decodes the window). Independent of how busy the
 * database or the machine is, unlike throughput; the thread's own figures leave out the pool's and the
 * collector's threads. Each scenario runs in turns, in slices of the window, after its warm-up;
 * run the load tool under {@code -XX:StartFlightRecording} to see where the time goes (each scenario's
 * thread is named {@code cost-<scenario>}).
 */
public final class ClientCost {

    /** The schema of this group's sessions: the SDK's tables as its migrations create them. */
    static final String SCHEMA = "bench_cost";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final BenchContext bench;
    private final BenchSettings settings;

    public ClientCost(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
    }

    /** Measures the SDK's append and context read against raw JDBC, on the tuned schema. */
    public void run() throws Exception {
        bench.database().recreateSchema(SCHEMA, SchemaVariant.tuned().scripts());
        for (String set : new String[] {"cost-ctx-", "cost-sdk-append-", "cost-raw-append-"}) {
            bench.prefill().sessionMemory(SCHEMA, set, settings.sessions(), settings.historyTurns());
        }
        LoadRunner.sleep(BenchContext.SETTLE);
        int limit = settings.contextLimit();
        try (PostgresMemoryManager sdk = bench.sdk(SCHEMA, settings.maxContextLength(), Durability.STRICT);
             HikariDataSource pool = bench.database().pool(SCHEMA, 2)) {
            RawJdbcMemory raw = new RawJdbcMemory(pool, settings.maxContextLength(), false);
            Map<String, Operation> scenarios = new LinkedHashMap<>();
            scenarios.put("sdk-context", bench.contextReads(sdk, "cost-ctx-"));
            scenarios.put("raw-context", random -> raw.readRecent(session("cost-ctx-", random), limit));
            scenarios.put("raw-context-decoded", random -> raw.readRecentDecoded(session("cost-ctx-", random), limit));
            scenarios.put("sdk-append", bench.appends(sdk, "cost-sdk-append-"));
            scenarios.put("raw-append", random -> {
                TurnText.EncodedTurn turn = bench.text().encodedTurn(random);
                raw.append(session("cost-raw-append-", random), turn.id(), turn.json());
            });
            Map<String, Cost> costs = new LinkedHashMap<>();
            for (Map.Entry<String, Operation> scenario : scenarios.entrySet()) {
                measure(scenario.getKey(), scenario.getValue(), settings.warmup());
            }
            Duration slice = settings.measurement().dividedBy(settings.rounds());
            for (int round = 0; round < settings.rounds(); round++) {
                for (Map.Entry<String, Operation> scenario : scenarios.entrySet()) {
                    costs.merge(scenario.getKey(), measure(scenario.getKey(), scenario.getValue(), slice), Cost::plus);
                }
            }
            costs.forEach((name, cost) -> bench.report().addFinding(String.format(Locale.ROOT,
                    "client cost, one thread, %s: %.1f µs CPU and %,d bytes allocated per call (%d calls)",
                    name, cost.cpuMicrosPerCall(), cost.bytesPerCall(), cost.calls())));
        }
    }

    /** Runs {@code operation} on a thread of its own for {@code window}; returns its thread's cost. */
    private static Cost measure(String name, Operation operation, Duration window) throws Exception {
        Cost[] measured = new Cost[1];
        Exception[] failed = new Exception[1];
        Thread caller = new Thread(() -> {
            try {
                measured[0] = callFor(operation, window);
            } catch (Exception failure) {
                failed[0] = failure;
            }
        }, "cost-" + name);
        caller.start();
        caller.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return measured[0];
    }

    private static Cost callFor(Operation operation, Duration window) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        long end = System.nanoTime() + window.toNanos();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
        long calls = 0;
        while (System.nanoTime() < end) {
            operation.run(random);
            calls++;
        }
        return new Cost(calls, THREADS.getCurrentThreadCpuTime() - cpuBefore,
                THREADS.getCurrentThreadAllocatedBytes() - bytesBefore);
    }

    private String session(String prefix, SplittableRandom random) {
        return BenchContext.randomSession(prefix, settings.sessions(), random);
    }

    /** Calls made, and the CPU time and bytes their thread spent on them. */
    private record Cost(long calls, long cpuNanos, long allocatedBytes) {

        Cost plus(Cost other) {
            return new Cost(calls + other.calls, cpuNanos + other.cpuNanos, allocatedBytes + other.allocatedBytes);
        }

        double cpuMicrosPerCall() {
            return calls == 0 ? 0 : cpuNanos / 1e3 / calls;
        }

        long bytesPerCall() {
            return calls == 0 ? 0 : allocatedBytes / calls;
        }
    }
}
