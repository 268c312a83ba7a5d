package dev.memorysdk.example.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.example.OrchestratorResponse;
import dev.memorysdk.example.OrchestratorWithMemory;
import java.io.IOException;
import java.util.List;

/**
 * The {@code /sessions} resource:
 * <pre>
 * GET    /sessions[?limit=N]            list sessions, most recently updated first
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

    SessionRoutes(OrchestratorWithMemory orchestrator, MemoryManager memory) {
        this.orchestrator = orchestrator;
        this.memory = memory;
    }

    @Override
    public void handle(JsonExchange exchange) throws IOException {
        List<String> path = exchange.pathSegments();
        if (path.isEmpty() || !"sessions".equals(path.get(0)) || path.size() > 3) {
            throw ApiException.notFound("no such resource");
        }
        if (path.size() == 1) {
            requireMethod(exchange, "GET");
            listSessions(exchange);
            return;
        }
        String sessionId = path.get(1);
        String part = path.size() == 3 ? path.get(2) : "";
        switch (part) {
            case "" -> {
                requireMethod(exchange, "DELETE");
                deleteSession(exchange, sessionId);
            }
            case "queries" -> {
                requireMethod(exchange, "POST");
                answerQuery(exchange, sessionId);
            }
            case "context" -> {
                requireMethod(exchange, "GET");
                sendContext(exchange, sessionId);
            }
            case "stats" -> {
                requireMethod(exchange, "GET");
                sendStats(exchange, sessionId);
            }
            default -> throw ApiException.notFound("no such resource: /sessions/{id}/" + part);
        }
    }

    private void listSessions(JsonExchange exchange) throws IOException {
        int limit = limit(exchange, DEFAULT_LIST_LIMIT);
        exchange.sendJson(200, new ApiViews.Sessions(
                memory.getAllSessions(limit).stream().map(ApiViews.Stats::of).toList()));
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
                ApiViews.Turn.all(response.context()), response.memoryAvailable()));
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

    private static ApiException unknown(String sessionId) {
        return ApiException.notFound("no session '" + sessionId + "'");
    }

    private static void requireMethod(JsonExchange exchange, String method) {
        if (!method.equals(exchange.method())) {
            exchange.allow(method);
            throw new ApiException(405, exchange.method() + " is not allowed here, use " + method);
        }
    }

    // The lower bound (at least 1) is left to the SDK, whose message names the problem; the upper
    // bound keeps one request from asking for an unbounded answer.
    private static int limit(JsonExchange exchange, int fallback) {
        String value = exchange.queryParameters().get("limit");
        if (value == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            throw ApiException.badRequest("limit must be a whole number, was '" + value + "'");
        }
        if (limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be at most " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }
}
