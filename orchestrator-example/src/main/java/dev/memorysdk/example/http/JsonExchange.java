package dev.memorysdk.example.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading a request and writing a JSON response over one {@link HttpExchange}. Not thread-safe (one per request). */
final class JsonExchange {

    /** Largest accepted request body: a query near the SDK's 1 MiB turn limit, plus room for JSON escaping. */
    static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    /** The most of a too-large body read and dropped so that the client can read the 413. */
    static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

    private final HttpExchange exchange;
    private final ObjectMapper json;

    JsonExchange(HttpExchange exchange, ObjectMapper json) {
        this.exchange = exchange;
        this.json = json;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The path's segments after the leading slash, percent-decoded ({@code +} stays a plus). */
    List<String> pathSegments() {
        String raw = exchange.getRequestURI().getRawPath();
        String trimmed = raw.startsWith("/") ? raw.substring(1) : raw;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        try {
            return Arrays.stream(trimmed.split("/", -1))
                    .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
                    .toList();
        } catch (IllegalArgumentException malformed) {
            throw ApiException.badRequest("malformed percent-encoding in path " + raw);
        }
    }

    /** The query string's parameters, percent-decoded; the first value wins. */
    Map<String, String> queryParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        try {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException malformed) {
            throw ApiException.badRequest("malformed percent-encoding in query string");
        }
        return parameters;
    }

    /**
     * The query parameter {@code name} as a whole number, or {@code fallback} when absent.
     *
     * @throws ApiException 400 if it is not a whole number, or is below {@code min} or above {@code max}
     */
    int intParameter(String name, int fallback, int min, int max) {
        String value = queryParameters().get(name);
        if (value == null) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            throw ApiException.badRequest(name + " must be a whole number, was '" + value + "'");
        }
        if (number < min) {
            throw ApiException.badRequest(name + " must be at least " + min + ", was " + number);
        }
        if (number > max) {
            throw ApiException.badRequest(name + " must be at most " + max + ", was " + number);
        }
        return number;
    }

    /**
     * The query parameter {@code name} as text, or {@code fallback} when absent. The message of a
     * rejected value does not repeat it: it is the user's text.
     *
     * @throws ApiException 400 if it is longer than {@code maxLength} characters or contains NUL
     *     (which PostgreSQL text cannot hold)
     */
    String textParameter(String name, String fallback, int maxLength) {
        String value = queryParameters().getOrDefault(name, fallback);
        if (value.length() > maxLength) {
            throw ApiException.badRequest(name + " must be at most " + maxLength + " characters, was "
                    + value.length());
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.badRequest(name + " must not contain NUL characters");
        }
        return value;
    }

    /**
     * The body as a JSON object: UTF-8 (a {@code Content-Type} naming another charset is refused),
     * one value with nothing after it, no field twice. The messages say what is wrong and where,
     * never the parser's internals.
     *
     * @throws ApiException 400, 413 or 415 naming the problem
     */
    JsonNode readJsonObject() throws IOException {
        requireUtf8ContentType();
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            discardRestOfBody();
            throw new ApiException(413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw ApiException.badRequest("request body is empty: expected a JSON object like {\"query\": \"...\"}");
        }
        JsonNode node;
        try {
            node = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(decodeUtf8(body));
        } catch (JsonProcessingException malformed) {
            throw ApiException.badRequest("request body is not valid JSON: " + JsonProblem.describe(malformed));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object like {\"query\": \"...\"}");
        }
        return node;
    }

    // A client still sending when the server answers and closes gets a reset that loses the answer:
    // read what is left, up to a bound, so the 413 reaches it.
    private void discardRestOfBody() throws IOException {
        InputStream rest = exchange.getRequestBody();
        long left = MAX_DISCARDED_BYTES;
        byte[] buffer = new byte[64 * 1024];
        int read;
        while (left > 0 && (read = rest.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= read;
        }
    }

    private void requireUtf8ContentType() {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null) {
            return;
        }
        for (String parameter : contentType.split(";")) {
            String[] nameAndValue = parameter.strip().split("=", 2);
            if (nameAndValue.length == 2 && "charset".equalsIgnoreCase(nameAndValue[0].strip())) {
                String charset = nameAndValue[1].strip().replace("\"", "");
                if (!"utf-8".equalsIgnoreCase(charset) && !"utf8".equalsIgnoreCase(charset)) {
                    throw new ApiException(415, "request body must be JSON in UTF-8, was " + charset);
                }
            }
        }
    }

    private static String decodeUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw ApiException.badRequest("request body is not valid UTF-8");
        }
    }

    void sendJson(int status, Object body) throws IOException {
        send(status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    void sendError(int status, String message) throws IOException {
        sendJson(status, new ApiViews.Error(status, message));
    }

    void sendText(int status, String contentType, String body) throws IOException {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code body} as is, with the extra response {@code headers}. */
    void sendBytes(int status, String contentType, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        send(status, contentType, body);
    }

    void sendNoContent() throws IOException {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /**
     * Accepts only {@code method}, and HEAD where it is GET.
     *
     * @throws ApiException 405, with the {@code Allow} header naming what is allowed, for any other
     */
    void requireMethod(String method) {
        if (method.equals(method()) || "GET".equals(method) && "HEAD".equals(method())) {
            return;
        }
        String allowed = "GET".equals(method) ? "GET, HEAD" : method;
        exchange.getResponseHeaders().set("Allow", allowed);
        throw new ApiException(405, method() + " is not allowed here, use " + allowed);
    }

    // A HEAD response has the headers of GET and no body; the server wants length -1 for it.
    private void send(int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(method())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
