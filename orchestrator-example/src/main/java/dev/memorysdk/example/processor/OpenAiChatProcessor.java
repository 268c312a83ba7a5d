package dev.memorysdk.example.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorysdk.Interaction;
import dev.memorysdk.example.QueryProcessor;
import dev.memorysdk.example.QueryProcessorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Answers through an OpenAI-compatible {@code POST /chat/completions} endpoint (OpenAI, Azure
 * OpenAI's compatible API, vLLM, llama.cpp, Ollama, ...). The session's context becomes prior
 * user/assistant messages, oldest first, followed by the query.
 *
 * <p>Every failure is a {@link QueryProcessorException} saying what went wrong: could not connect,
 * timed out, a non-2xx status (with the endpoint's own error message), or a body without
 * {@code choices[0].message.content}. Thread-safe; blocks until the endpoint answers or the request
 * timeout passes.
 */
public final class OpenAiChatProcessor implements QueryProcessor {

    /** The longest part of an error body quoted in an exception message, in characters. */
    static final int MAX_QUOTED_ERROR = 300;

    private final OpenAiSettings settings;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /** Creates a processor with its own HTTP client. */
    public OpenAiChatProcessor(OpenAiSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String process(String query, List<Interaction> context) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.chatCompletionsUri())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(query, context), StandardCharsets.UTF_8));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() / 100 != 2) {
            throw new QueryProcessorException("HTTP " + response.statusCode(), "chat completions endpoint "
                    + settings.shownChatCompletionsUri() + " answered HTTP " + response.statusCode()
                    + errorDetail(response.body()), null);
        }
        return answerFrom(response.body());
    }

    /** The request JSON: the system prompt, one user and one assistant message per turn, the query. */
    String requestBody(String query, List<Interaction> context) {
        ObjectNode body = json.createObjectNode().put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        if (settings.systemPrompt() != null) {
            messages.addObject().put("role", "system").put("content", settings.systemPrompt());
        }
        for (Interaction turn : context) {
            messages.addObject().put("role", "user").put("content", turn.query());
            messages.addObject().put("role", "assistant").put("content", turn.answer());
        }
        messages.addObject().put("role", "user").put("content", query);
        return body.toString();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException slowConnect) {
            throw new QueryProcessorException("connect timeout", "could not connect to " + settings.shownBaseUrl()
                    + " within " + settings.connectTimeout().toMillis() + " ms", slowConnect);
        } catch (HttpTimeoutException slowAnswer) {
            throw new QueryProcessorException("timeout", "chat completions endpoint " + settings.shownChatCompletionsUri()
                    + " did not answer within " + settings.requestTimeout().toMillis() + " ms", slowAnswer);
        } catch (ConnectException refused) {
            throw new QueryProcessorException("connection refused", "could not connect to " + settings.shownBaseUrl()
                    + ": connection refused", refused);
        } catch (IOException failed) {
            throw new QueryProcessorException("I/O error", "calling " + settings.shownChatCompletionsUri() + " failed: "
                    + failed.getClass().getSimpleName(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new QueryProcessorException("interrupted", "interrupted while waiting for "
                    + settings.shownChatCompletionsUri(), interrupted);
        }
    }

    private String answerFrom(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw new QueryProcessorException("malformed answer", "chat completions endpoint "
                    + settings.shownChatCompletionsUri() + " answered malformed JSON: " + malformed.getOriginalMessage(),
                    malformed);
        }
        JsonNode content = root == null ? null : root.at("/choices/0/message/content");
        if (content == null || !content.isTextual()) {
            throw new QueryProcessorException("malformed answer", "chat completions endpoint "
                    + settings.shownChatCompletionsUri() + " answered without choices[0].message.content", null);
        }
        return content.asText();
    }

    // OpenAI-style errors carry {"error": {"message": ...}}; anything else is quoted, shortened.
    private String errorDetail(String body) {
        String detail = body == null ? "" : body.strip();
        try {
            JsonNode message = json.readTree(detail).at("/error/message");
            if (message.isTextual()) {
                detail = message.asText();
            }
        } catch (JsonProcessingException notJson) {
            // Keep the raw body: a proxy's HTML or text error page says what happened too.
        }
        if (detail.isEmpty()) {
            return "";
        }
        return ": " + (detail.length() <= MAX_QUOTED_ERROR ? detail : detail.substring(0, MAX_QUOTED_ERROR) + "...");
    }

    /** {@code processor} {@code openai} and {@code model} the model's name (not its address). */
    @Override
    public Map<String, Object> turnMetadata() {
        return Map.of("processor", "openai", "model", settings.model());
    }

    @Override
    public String description() {
        return "openai, model " + settings.model() + " at " + settings.shownBaseUrl();
    }

    @Override
    public String toString() {
        return "OpenAiChatProcessor[" + settings + "]";
    }
}
