package dev.memorysdk.example.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.memorysdk.MemoryAnalytics;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.example.OrchestratorWithMemory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app's HTTP API (see {@code docs/http-api.md}) and its web console at {@code /}, on the JDK's built-in
 * {@link HttpServer}: no web framework needed for a handful of JSON routes, and nothing that could
 * clash with the SDK's dependencies. That server listens on a loopback port behind a
 * {@link RequestTargetGuard}, which answers the requests the server would refuse with an HTML page.
 *
 * <p>Requests run on a fixed pool of {@value #THREADS} threads, except the queries, which call the
 * model on a bounded pool of their own ({@link ModelCalls}) so that a slow model cannot starve
 * {@code /health}. Thread-safe; {@link #close()} stops accepting requests, lets running ones finish
 * for up to a second (model calls up to five), and is idempotent.
 */
public final class HttpApi implements AutoCloseable {

    /** Threads serving requests other than queries; each blocks on the database at most. */
    public static final int THREADS = 8;

    private final RequestTargetGuard guard;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ModelCalls modelCalls;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpApi(RequestTargetGuard guard, HttpServer server, ExecutorService workers, ModelCalls modelCalls) {
        this.guard = guard;
        this.server = server;
        this.workers = workers;
        this.modelCalls = modelCalls;
    }

    /**
     * Starts serving on {@code address} (port 0 picks a free one); {@code analytics} must read the
     * same store as {@code memory}.
     *
     * @throws UncheckedIOException if the address cannot be bound (for example the port is taken)
     */
    public static HttpApi start(OrchestratorWithMemory orchestrator, MemoryManager memory, MemoryAnalytics analytics,
                                PrometheusMeterRegistry metrics, InetSocketAddress address) {
        ObjectMapper json = new ObjectMapper();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot listen on the loopback interface: " + failure.getMessage(), failure);
        }
        ModelCalls modelCalls = new ModelCalls(json);
        server.createContext("/sessions", modelCalls.offloadingPosts(
                new GuardedHandler(new SessionRoutes(orchestrator, memory, analytics), json)));
        server.createContext("/analytics", new GuardedHandler(new AnalyticsRoutes(analytics), json));
        server.createContext("/health", new GuardedHandler(OperationsRoutes.health(memory), json));
        server.createContext("/metrics", new GuardedHandler(OperationsRoutes.metrics(metrics), json));
        server.createContext("/", new GuardedHandler(new ConsoleRoutes(), json));
        ExecutorService workers = Executors.newFixedThreadPool(THREADS, namedThreads());
        server.setExecutor(workers);
        RequestTargetGuard guard;
        try {
            guard = RequestTargetGuard.start(address, server.getAddress(), json);
        } catch (UncheckedIOException failure) {
            server.stop(0);
            workers.shutdown();
            modelCalls.close();
            throw failure;
        }
        server.start();
        return new HttpApi(guard, server, workers, modelCalls);
    }

    /** The port the server listens on. */
    public int port() {
        return guard.address().getPort();
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        return URI.create("http://" + guard.address().getHostString() + ":" + port());
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        guard.close();
        server.stop(1);
        modelCalls.close();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "http-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
