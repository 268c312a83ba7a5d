package dev.memorysdk.example.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.example.OrchestratorWithMemory;
import dev.memorysdk.example.QueryProcessor;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The HTTP API on a free loopback port over a fresh database of the embedded PostgreSQL, and a client for it. */
final class ApiTestServer implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final PostgresMemoryManager memory;
    private final HttpApi api;

    private ApiTestServer(PostgresMemoryManager memory, HttpApi api) {
        this.memory = memory;
        this.api = api;
    }

    static ApiTestServer start(QueryProcessor processor) {
        TestDatabase database = TestPostgres.createDatabase();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PostgresMemoryManager memory = PostgresMemoryManager.builder()
                .meterRegistry(metrics).config(MemoryConfig.custom()
                .jdbcUrl(database.jdbcUrl())
                .username(TestDatabase.USER)
                .initializeSchema(true).build())
                .build();
        try {
            return new ApiTestServer(memory, HttpApi.start(new OrchestratorWithMemory(memory, processor), memory,
                    memory.analytics(), metrics, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        } catch (RuntimeException failure) {
            memory.close();
            throw failure;
        }
    }

    PostgresMemoryManager memory() {
        return memory;
    }

    URI baseUri() {
        return api.baseUri();
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> askAsync(String session, String query) throws IOException {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(api.baseUri() + "/sessions/" + session + "/queries"))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(api.baseUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    HttpResponse<String> ask(String session, String query) throws IOException, InterruptedException {
        return send("POST", "/sessions/" + session + "/queries", json.writeValueAsString(Map.of("query", query)));
    }

    /**
     * The whole response, head and body, to {@code requestLine} sent as is over a new connection: for
     * targets an HTTP client refuses to send, as curl sends them.
     */
    String raw(String requestLine) throws IOException {
        return rawHead(requestLine + "\r\nHost: localhost\r\n\r\n");
    }

    /** The whole response to the request head {@code head}, sent as is over a new connection. */
    String rawHead(String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    JsonNode body(HttpResponse<String> response) throws IOException {
        return json(response.body());
    }

    JsonNode json(String text) throws IOException {
        return json.readTree(text);
    }

    /** A JSON error of {@code status} that carries no stack trace or class name. */
    static void assertJsonError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(response.body()).contains("\"status\":" + status).contains("\"error\":")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.memorysdk");
    }

    @Override
    public void close() {
        api.close();
        memory.close();
    }
}
