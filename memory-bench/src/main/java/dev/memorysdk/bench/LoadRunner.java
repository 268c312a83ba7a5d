package dev.memorysdk.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs an {@link Operation} on a fixed number of threads in a closed loop (each thread issues its
 * next call when the previous one returns): first a warm-up whose calls are not recorded, then a
 * measurement window whose calls are. Thread-safe: each run has its own threads and histograms.
 */
public final class LoadRunner {

    /** The longest latency recorded exactly; longer calls are clamped to it. */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final int threads;
    private final Duration warmup;
    private final Duration measurement;
    private final ServerCpu serverCpu;

    /**
     * A runner that does not measure the server's CPU.
     *
     * @param threads     concurrent callers, at least 1
     * @param warmup      time before recording starts
     * @param measurement length of the recorded window
     */
    public LoadRunner(int threads, Duration warmup, Duration measurement) {
        this(threads, warmup, measurement, ServerCpu.UNKNOWN);
    }

    /**
     * @param threads     concurrent callers, at least 1
     * @param warmup      time before recording starts
     * @param measurement length of the recorded window
     * @param serverCpu   the server's CPU time, read as recording starts and stops
     */
    LoadRunner(int threads, Duration warmup, Duration measurement, ServerCpu serverCpu) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        this.warmup = warmup;
        this.measurement = measurement;
        this.serverCpu = serverCpu;
    }

    public int threads() {
        return threads;
    }

    /** Runs the warm-up and the measurement window, blocking until both are over. */
    public ScenarioResult run(String name, Operation operation) {
        RunningLoad load = start(name, operation);
        sleep(warmup.plus(measurement));
        return load.stop();
    }

    /**
     * Runs several scenarios taking turns: first each one unrecorded for the warm-up, then
     * {@code rounds} rounds in which every scenario gets a slice of the window, in an order shuffled
     * each round (so no scenario always runs after a heavy writer's checkpoint debt). A change in the
     * machine's load during the run (other processes, checkpoints) then falls on all of them alike
     * and their ratios stay comparable. Returns one result per scenario,
     * in the order given, each the sum of its slices.
     */
    public List<ScenarioResult> runInterleaved(Map<String, Operation> scenarios, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        List<Map.Entry<String, Operation>> order = new ArrayList<>(scenarios.entrySet());
        for (Map.Entry<String, Operation> scenario : order) {
            RunningLoad warming = new RunningLoad(scenario.getKey(), scenario.getValue(), threads, Long.MAX_VALUE,
                    serverCpu);
            sleep(warmup);
            warming.stop();
        }
        Duration slice = measurement.dividedBy(rounds);
        Duration settle = Duration.ofMillis(Math.min(500, warmup.toMillis()));
        Map<String, ScenarioResult> totals = new LinkedHashMap<>();
        scenarios.keySet().forEach(name -> totals.put(name, null));
        Random shuffler = new Random(order.size());
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(order, shuffler);
            for (Map.Entry<String, Operation> scenario : order) {
                RunningLoad load = new RunningLoad(scenario.getKey(), scenario.getValue(), threads,
                        System.nanoTime() + settle.toNanos(), serverCpu);
                sleep(settle.plus(slice));
                ScenarioResult result = load.stop();
                totals.merge(scenario.getKey(), result, ScenarioResult::plus);
            }
        }
        return List.copyOf(totals.values());
    }

    /**
     * Starts the load and returns at once; recording begins after the warm-up and ends at
     * {@link RunningLoad#stop()}. For measuring calls while something else runs.
     */
    public RunningLoad start(String name, Operation operation) {
        return new RunningLoad(name, operation, threads, System.nanoTime() + warmup.toNanos(), serverCpu);
    }

    /** Sleeps for {@code duration}, keeping the interrupt status. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A load in progress. */
    public static final class RunningLoad {

        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        private final String name;
        private final long recordFromNanos;
        private final ServerCpu serverCpu;
        private final AtomicLong cpuAtRecordStartNanos = new AtomicLong(-1);
        private volatile long serverCpuAtRecordStartNanos = -1;
        private final List<Caller> callers = new ArrayList<>();
        private final AtomicReference<Exception> firstError = new AtomicReference<>();
        private volatile boolean stopped;

        private RunningLoad(String name, Operation operation, int threads, long recordFromNanos, ServerCpu serverCpu) {
            this.name = name;
            this.serverCpu = serverCpu;
            this.recordFromNanos = recordFromNanos;
            CountDownLatch start = new CountDownLatch(1);
            SplittableRandom seeds = new SplittableRandom(name.hashCode());
            for (int i = 0; i < threads; i++) {
                Caller caller = new Caller(operation, seeds.split(), start);
                callers.add(caller);
                caller.thread = new Thread(caller, "load-" + name + "-" + i);
                caller.thread.setDaemon(true);
                caller.thread.start();
            }
            start.countDown();
        }

        /** Stops the callers, waits for their last call and returns what was recorded. */
        public ScenarioResult stop() {
            stopped = true;
            long endNanos = System.nanoTime();
            long cpuAtStart = cpuAtRecordStartNanos.get();
            long cpuNanos = cpuAtStart < 0 ? 0 : OS.getProcessCpuTime() - cpuAtStart;
            long serverAtStart = serverCpuAtRecordStartNanos;
            long serverNow = serverAtStart < 0 ? -1 : serverCpu.nanos();
            long serverCpuNanos = serverNow < 0 ? -1 : serverNow - serverAtStart;
            Histogram merged = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
            long operations = 0;
            long errors = 0;
            for (Caller caller : callers) {
                try {
                    caller.thread.join();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while stopping " + name, interrupted);
                }
                merged.add(caller.latencies);
                operations += caller.operations;
                errors += caller.errors;
            }
            Exception error = firstError.get();
            if (error != null) {
                System.err.printf("%s: %d error(s), first: %s%n", name, errors, error);
            }
            return new ScenarioResult(name, operations, errors, Math.max(0, endNanos - recordFromNanos), merged,
                    cpuNanos, serverCpuNanos);
        }

        private final class Caller implements Runnable {
            private final Operation operation;
            private final SplittableRandom random;
            private final CountDownLatch start;
            private final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
            private Thread thread;
            private long operations;
            private long errors;

            Caller(Operation operation, SplittableRandom random, CountDownLatch start) {
                this.operation = operation;
                this.random = random;
                this.start = start;
            }

            @Override
            public void run() {
                try {
                    start.await();
                } catch (InterruptedException interrupted) {
                    return;
                }
                while (!stopped) {
                    long begin = System.nanoTime();
                    boolean failed = false;
                    try {
                        operation.run(random);
                    } catch (Exception failure) {
                        failed = true;
                        firstError.compareAndSet(null, failure);
                    }
                    long end = System.nanoTime();
                    if (begin >= recordFromNanos && cpuAtRecordStartNanos.get() < 0) {
                        if (cpuAtRecordStartNanos.compareAndSet(-1, OS.getProcessCpuTime())) {
                            serverCpuAtRecordStartNanos = serverCpu.nanos();
                        }
                    }
                    if (begin >= recordFromNanos && !stopped) {
                        if (failed) {
                            errors++;
                        } else {
                            operations++;
                            latencies.recordValue(Math.min(end - begin, HIGHEST_TRACKABLE_NANOS));
                        }
                    }
                }
            }
        }
    }
}
