package dev.memorysdk.example.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryAnalytics;
import dev.memorysdk.MemoryAnalytics.SessionPage;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.example.OrchestratorResponse;
import dev.memorysdk.example.OrchestratorWithMemory;
import java.io.IOException;
import java.util.List;

/**
 * The {@code /sessions} resource:
 * <pre>
 * GET    /sessions[?search&offset&limit] sessions whose id contains the text, most recently updated first
 * POST   /sessions/{id}/queries         {"query": "..."} → answer + the context it used
 * GET    /sessions/{id}/context[?limit] the last N turns, oldest first
 * GET    /sessions/{id}/stats           turn count and last update
 * DELETE /sessions/{id}                 forget the session
 * </pre>
 * Session ids are percent-decoded path segments. Thread-safe.
 */
final class SessionRoutes implements Route {

    static final int DEFAULT_LIST_LIMIT = 100;
    /** The most sessions or turns one request may ask for. */
    static final int MAX_LIMIT = 1_000;

    private final OrchestratorWithMemory orchestrator;
    private final MemoryManager memory;
    private final MemoryAnalytics analytics;

    SessionRoutes(OrchestratorWithMemory orchestrator, MemoryManager memory, MemoryAnalytics analytics) {
        this.orchestrator = orchestrator;
        this.memory = memory;
        this.analytics = analytics;
    }

    @Override
    public void handle(JsonExchange exchange) throws IOException {
        List<String> path = exchange.pathSegments();
        if (path.isEmpty() || !"sessions".equals(path.get(0)) || path.size() > 3) {
            throw ApiException.notFound("no such resource");
        }
        if (path.size() == 1) {
            exchange.requireMethod("GET");
            listSessions(exchange);
            return;
        }
        String sessionId = path.get(1);
        String part = path.size() == 3 ? path.get(2) : "";
        switch (part) {
            case "" -> {
                exchange.requireMethod("DELETE");
                deleteSession(exchange, sessionId);
            }
            case "queries" -> {
                exchange.requireMethod("POST");
                answerQuery(exchange, sessionId);
            }
            case "context" -> {
                exchange.requireMethod("GET");
                sendContext(exchange, sessionId);
            }
            case "stats" -> {
                exchange.requireMethod("GET");
                sendStats(exchange, sessionId);
            }
            default -> throw ApiException.notFound("no such resource: /sessions/{id}/" + part);
        }
    }

    private void listSessions(JsonExchange exchange) throws IOException {
        String search = exchange.textParameter("search", "", MemoryManager.MAX_SESSION_ID_LENGTH);
        int offset = exchange.intParameter("offset", 0, 0, Integer.MAX_VALUE);
        int limit = limit(exchange, DEFAULT_LIST_LIMIT);
        SessionPage page = analytics.findSessions(search, offset, limit);
        exchange.sendJson(200, new ApiViews.Sessions(
                page.sessions().stream().map(ApiViews.Stats::of).toList(), offset, page.hasMore()));
    }

    private void answerQuery(JsonExchange exchange, String sessionId) throws IOException {
        JsonNode body = exchange.readJsonObject();
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual()) {
            throw ApiException.badRequest("field 'query' is required and must be a string");
        }
        if (query.asText().isBlank()) {
            throw ApiException.badRequest("field 'query' must not be blank");
        }
        OrchestratorResponse response = orchestrator.processQuery(query.asText(), sessionId);
        exchange.sendJson(200, new ApiViews.Answer(sessionId, response.answer(),
                ApiViews.Turn.all(response.context()), response.memoryAvailable(), response.stored()));
    }

    private void sendContext(JsonExchange exchange, String sessionId) throws IOException {
        int limit = limit(exchange, MemoryManager.DEFAULT_CONTEXT_LIMIT);
        requireSession(sessionId);
        exchange.sendJson(200, new ApiViews.Context(sessionId, ApiViews.Turn.all(memory.getContext(sessionId, limit))));
    }

    private void sendStats(JsonExchange exchange, String sessionId) throws IOException {
        exchange.sendJson(200, ApiViews.Stats.of(memory.getSessionStats(sessionId)
                .orElseThrow(() -> unknown(sessionId))));
    }

    private void deleteSession(JsonExchange exchange, String sessionId) throws IOException {
        if (!memory.clearMemory(sessionId)) {
            throw unknown(sessionId);
        }
        exchange.sendNoContent();
    }

    private void requireSession(String sessionId) {
        if (memory.getSessionStats(sessionId).isEmpty()) {
            throw unknown(sessionId);
        }
    }

    // Under the SKIP and BUFFER policies an unreachable database reads as "no such session": only a
    // store that is not DOWN may say so, otherwise the client is told to come back.
    private ApiException unknown(String sessionId) {
        if (memory.healthCheck().status() == HealthStatus.Status.DOWN) {
            return ApiException.memoryUnavailable();
        }
        return ApiException.notFound("no session '" + sessionId + "'");
    }

    // The upper bound keeps one request from asking for an unbounded answer.
    private static int limit(JsonExchange exchange, int fallback) {
        return exchange.intParameter("limit", fallback, 1, MAX_LIMIT);
    }
}
