package dev.memorysdk.example.http;

import dev.memorysdk.MemoryAnalytics;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code GET /analytics[?days=N&metadataKey=K&top=N]}: what the store holds, from the SDK's
 * {@link MemoryAnalytics}, in one answer for a dashboard: sessions written within the last
 * {@code days} days, turns per session, sessions and turns per UTC day, stored bytes and the most
 * frequent values of one metadata key. Thread-safe.
 */
final class AnalyticsRoutes implements Route {

    static final int DEFAULT_DAYS = 7;
    /** The longest window one request may ask for. */
    static final int MAX_DAYS = 366;
    static final String DEFAULT_METADATA_KEY = "model";
    static final int DEFAULT_TOP = 10;
    /** The most metadata values one request may ask for. */
    static final int MAX_TOP = 100;
    /** The longest metadata key accepted. */
    static final int MAX_METADATA_KEY_LENGTH = 255;

    private final MemoryAnalytics analytics;

    AnalyticsRoutes(MemoryAnalytics analytics) {
        this.analytics = analytics;
    }

    @Override
    public void handle(JsonExchange exchange) throws IOException {
        OperationsRoutes.requireGet(exchange, "analytics");
        int days = exchange.intParameter("days", DEFAULT_DAYS, 1, MAX_DAYS);
        String metadataKey = exchange.textParameter("metadataKey", DEFAULT_METADATA_KEY, MAX_METADATA_KEY_LENGTH);
        if (metadataKey.isBlank()) {
            throw ApiException.badRequest("metadataKey must not be blank");
        }
        int top = exchange.intParameter("top", DEFAULT_TOP, 1, MAX_TOP);
        Duration window = Duration.ofDays(days);
        exchange.sendJson(200, new ApiViews.Analytics(days,
                analytics.activeSessions(window),
                ApiViews.StoredBytes.of(analytics.storedBytes()),
                ApiViews.SessionsWithTurns.all(analytics.turnsPerSession()),
                ApiViews.Day.all(analytics.activityPerDay(window)),
                metadataKey,
                ApiViews.ValueCount.all(analytics.topMetadataValues(metadataKey, top, window))));
    }
}
