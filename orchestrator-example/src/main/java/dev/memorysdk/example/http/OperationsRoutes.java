package dev.memorysdk.example.http;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryManager;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} (the SDK's health check: 200 when UP or DEGRADED, 503 when DOWN; the
 * driver's or pool's error text, which can name hosts, only with {@code ?verbose=true}) and
 * {@code GET /metrics}.
 */
final class OperationsRoutes {

    /** The content type of Prometheus' text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private OperationsRoutes() {
    }

    static Route health(MemoryManager memory) {
        return exchange -> {
            requireGet(exchange, "health");
            HealthStatus health = memory.healthCheck();
            int status = health.status() == HealthStatus.Status.DOWN ? 503 : 200;
            Map<String, Object> details = new LinkedHashMap<>(health.details());
            if (!"true".equals(exchange.queryParameters().get("verbose"))) {
                details.remove("error");
            }
            exchange.sendJson(status, new ApiViews.Health(health.status().name(), health.totalSessions(), details));
        };
    }

    static Route metrics(PrometheusMeterRegistry registry) {
        return exchange -> {
            requireGet(exchange, "metrics");
            exchange.sendText(200, PROMETHEUS_TEXT, registry.scrape());
        };
    }

    /** Accepts only {@code GET /resource}: 404 for any other path, 405 for another method. */
    static void requireGet(JsonExchange exchange, String resource) {
        if (!exchange.pathSegments().equals(List.of(resource))) {
            throw ApiException.notFound("no such resource");
        }
        exchange.requireMethod("GET");
    }
}
