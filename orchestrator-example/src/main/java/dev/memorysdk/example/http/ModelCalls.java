package dev.memorysdk.example.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the requests that call the model ({@code POST /sessions/{id}/queries}) on their own bounded
 * pool, so a model endpoint that hangs holds at most {@value #CONCURRENCY} model threads and never
 * the server's threads: {@code /health}, the console and the reads keep answering. Other requests
 * of the wrapped context run on the server's thread as before.
 *
 * <p>At most {@value #CONCURRENCY} model calls run at once and {@value #QUEUED} more wait; beyond that
 * a query is answered 503 with {@code Retry-After} at once. The pool's threads finish the exchange
 * (the server allows a handler to return before its exchange is closed). Thread-safe.
 */
final class ModelCalls implements AutoCloseable {

    /** Model calls running at once. */
    static final int CONCURRENCY = 4;
    /** Model calls waiting for a thread before new ones are turned away. */
    static final int QUEUED = 32;
    /** What a turned-away query is told. */
    static final String BUSY = "too many queries in progress, try again later";

    private static final Logger LOG = LoggerFactory.getLogger(ModelCalls.class);

    private final ThreadPoolExecutor pool;
    private final ObjectMapper json;

    ModelCalls(ObjectMapper json) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(CONCURRENCY, CONCURRENCY, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED), task -> {
                    Thread thread = new Thread(task, "model-call-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.json = json;
    }

    /** {@code handler} with its POST requests (the only ones that call the model) run on this pool. */
    HttpHandler offloadingPosts(HttpHandler handler) {
        return exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                handler.handle(exchange);
                return;
            }
            try {
                pool.execute(() -> handle(handler, exchange));
            } catch (RejectedExecutionException full) {
                LOG.warn("{} {}: {} model calls running and {} waiting, query turned away",
                        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), CONCURRENCY, QUEUED);
                try (exchange) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    new JsonExchange(exchange, json).sendError(503, BUSY);
                }
            }
        };
    }

    private static void handle(HttpHandler handler, HttpExchange exchange) {
        try {
            handler.handle(exchange);
        } catch (IOException clientGone) {
            LOG.debug("Client went away during a query", clientGone);
            exchange.close();
        }
    }

    /** Stops taking model calls and waits up to five seconds for running ones. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
