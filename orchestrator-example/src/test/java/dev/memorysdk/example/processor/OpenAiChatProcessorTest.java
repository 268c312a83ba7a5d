package dev.memorysdk.example.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.memorysdk.Interaction;
import dev.memorysdk.example.QueryProcessorException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OpenAiChatProcessorTest {

    private static final String ANSWER_BODY =
            "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Lisbon!\"}}]}";

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<RecordedRequest> lastRequest = new AtomicReference<>();
    private final CountDownLatch releaseSlowAnswer = new CountDownLatch(1);
    private HttpServer stub;
    private volatile int status = 200;
    private volatile String responseBody = ANSWER_BODY;
    private volatile boolean answerSlowly;

    record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {
    }

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", this::answer);
        stub.start();
    }

    @AfterEach
    void stopStub() {
        releaseSlowAnswer.countDown();
        stub.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        lastRequest.set(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        if (answerSlowly) {
            try {
                releaseSlowAnswer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = responseBody.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private OpenAiSettings settings(Duration requestTimeout) {
        URI base = URI.create("http://127.0.0.1:" + stub.getAddress().getPort() + "/v1");
        return new OpenAiSettings(base, "test-key", "test-model", "Be brief.", Duration.ofSeconds(2), requestTimeout);
    }

    private OpenAiChatProcessor processor() {
        return new OpenAiChatProcessor(settings(Duration.ofSeconds(5)));
    }

    @Test
    void eachTurnRecordsTheProcessorAndTheModelButNotTheAddress() {
        assertThat(processor().turnMetadata()).isEqualTo(Map.of("processor", "openai", "model", "test-model"));
    }

    @Nested
    class Requests {

        @Test
        void postsToChatCompletionsWithTheKeyAsBearerToken() {
            processor().process("hello", List.of());

            RecordedRequest request = lastRequest.get();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.headers().get("Authorization")).containsExactly("Bearer test-key");
            assertThat(request.headers().get("Content-type")).containsExactly("application/json");
        }

        @Test
        void sendsTheContextAsPriorUserAndAssistantMessagesThenTheQuery() throws IOException {
            List<Interaction> context = List.of(Interaction.of("My name is Ada.", "Hello Ada."),
                    Interaction.of("I'm going to Lisbon.", "Nice choice."));

            processor().process("Where am I going?", context);

            JsonNode body = json.readTree(lastRequest.get().body());
            assertThat(body.get("model").asText()).isEqualTo("test-model");
            assertThat(body.get("messages")).hasSize(6);
            List<String> roles = body.get("messages").findValuesAsText("role");
            List<String> contents = body.get("messages").findValuesAsText("content");
            assertThat(roles).containsExactly("system", "user", "assistant", "user", "assistant", "user");
            assertThat(contents).containsExactly("Be brief.", "My name is Ada.", "Hello Ada.",
                    "I'm going to Lisbon.", "Nice choice.", "Where am I going?");
        }

        @Test
        void sendsNoAuthorizationHeaderWithoutAKey() {
            OpenAiSettings withKey = settings(Duration.ofSeconds(5));
            OpenAiSettings noKey = new OpenAiSettings(withKey.baseUrl(), null, "m", null,
                    withKey.connectTimeout(), withKey.requestTimeout());

            new OpenAiChatProcessor(noKey).process("hello", List.of());

            assertThat(lastRequest.get().headers()).doesNotContainKey("Authorization");
        }

        @Test
        void returnsTheFirstChoicesContent() {
            assertThat(processor().process("hello", List.of())).isEqualTo("Lisbon!");
        }
    }

    @Nested
    class Failures {

        @Test
        void aNon2xxStatusNamesTheStatusAndTheEndpointsMessage() {
            status = 401;
            responseBody = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}";

            assertThatThrownBy(() -> processor().process("hello", List.of()))
                    .isInstanceOf(QueryProcessorException.class)
                    .hasMessageEndingWith("/v1/chat/completions answered HTTP 401: Incorrect API key provided");
        }

        @Test
        void aNon2xxStatusWithATextBodyQuotesTheBody() {
            status = 502;
            responseBody = "Bad Gateway";

            assertThatThrownBy(() -> processor().process("hello", List.of()))
                    .isInstanceOf(QueryProcessorException.class)
                    .hasMessageEndingWith("answered HTTP 502: Bad Gateway");
        }

        @Test
        void malformedJsonIsReportedAsSuch() {
            responseBody = "{\"choices\": [";

            assertThatThrownBy(() -> processor().process("hello", List.of()))
                    .isInstanceOf(QueryProcessorException.class)
                    .hasMessageContaining("answered malformed JSON");
        }

        @Test
        void anAnswerWithoutContentIsReportedAsSuch() {
            responseBody = "{\"choices\": []}";

            assertThatThrownBy(() -> processor().process("hello", List.of()))
                    .isInstanceOf(QueryProcessorException.class)
                    .hasMessageEndingWith("answered without choices[0].message.content");
        }

        @Test
        void aSlowEndpointTimesOutWithTheTimeoutInTheMessage() {
            answerSlowly = true;
            OpenAiChatProcessor impatient = new OpenAiChatProcessor(settings(Duration.ofMillis(300)));

            assertThatThrownBy(() -> impatient.process("hello", List.of()))
                    .isInstanceOf(QueryProcessorException.class)
                    .hasMessageEndingWith("did not answer within 300 ms");
        }

        @Test
        void aClosedPortIsReportedAsConnectionRefused() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            OpenAiSettings nowhere = new OpenAiSettings(URI.create("http://127.0.0.1:" + closedPort + "/v1"), null, "m",
                    null, Duration.ofSeconds(2), Duration.ofSeconds(2));

            assertThatThrownBy(() -> new OpenAiChatProcessor(nowhere).process("hello", List.of()))
                    .isInstanceOf(QueryProcessorException.class)
                    .hasMessage("could not connect to http://127.0.0.1:" + closedPort + "/v1: connection refused");
        }

        @Test
        void eachFailureSaysWhichKindItIsAndNoMessageCarriesTheUrlsCredentials() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            OpenAiSettings nowhere = new OpenAiSettings(URI.create("http://user:s3cret@127.0.0.1:" + closedPort + "/v1"),
                    null, "m", null, Duration.ofSeconds(2), Duration.ofSeconds(2));
            OpenAiSettings withCredentials = new OpenAiSettings(URI.create("http://user:s3cret@127.0.0.1:"
                    + stub.getAddress().getPort() + "/v1"), "test-key", "m", null, Duration.ofSeconds(2), Duration.ofSeconds(2));

            QueryProcessorException refused = failure(new OpenAiChatProcessor(nowhere));
            status = 401;
            responseBody = "{\"error\":{\"message\":\"Incorrect API key provided\"}}";
            QueryProcessorException unauthorized = failure(new OpenAiChatProcessor(withCredentials));
            status = 200;
            responseBody = "{not json";
            QueryProcessorException malformed = failure(new OpenAiChatProcessor(withCredentials));

            assertThat(refused.reason()).isEqualTo("connection refused");
            assertThat(unauthorized.reason()).isEqualTo("HTTP 401");
            assertThat(malformed.reason()).isEqualTo("malformed answer");
            for (QueryProcessorException failure : List.of(refused, unauthorized, malformed)) {
                assertThat(failure.getMessage()).doesNotContain("s3cret").doesNotContain("user:");
            }
            assertThat(new OpenAiChatProcessor(withCredentials).toString()).doesNotContain("s3cret");
        }

        private QueryProcessorException failure(OpenAiChatProcessor processor) {
            try {
                processor.process("hello", List.of());
            } catch (QueryProcessorException failed) {
                return failed;
            }
            throw new AssertionError("the call should have failed");
        }
    }

    @Nested
    class Settings {

        @Test
        void defaultsEverythingButTheKey() {
            OpenAiSettings settings = OpenAiSettings.fromEnvironment(Map.of());

            assertThat(settings.chatCompletionsUri()).isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
            assertThat(settings.model()).isEqualTo(OpenAiSettings.DEFAULT_MODEL);
            assertThat(settings.apiKey()).isNull();
            assertThat(settings.requestTimeout()).isEqualTo(OpenAiSettings.DEFAULT_REQUEST_TIMEOUT);
        }

        @Test
        void readsTheVariablesAndDropsATrailingSlash() {
            OpenAiSettings settings = OpenAiSettings.fromEnvironment(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1/",
                    "OPENAI_API_KEY", "k", "OPENAI_MODEL", "llama3", "OPENAI_TIMEOUT_SECONDS", "7"));

            assertThat(settings.chatCompletionsUri()).isEqualTo(URI.create("http://localhost:11434/v1/chat/completions"));
            assertThat(settings.model()).isEqualTo("llama3");
            assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(settings.toString()).doesNotContain("apiKey=k").contains("apiKey=***");
        }

        @Test
        void namesAMalformedVariable() {
            assertThatThrownBy(() -> OpenAiSettings.fromEnvironment(Map.of("OPENAI_TIMEOUT_SECONDS", "soon")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("OPENAI_TIMEOUT_SECONDS must be a whole number of seconds, was 'soon'");
            assertThatThrownBy(() -> OpenAiSettings.fromEnvironment(Map.of("OPENAI_BASE_URL", "ftp://example.com")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("OPENAI_BASE_URL must be an http(s) URL with a host, was ftp://example.com");
            assertThatThrownBy(() -> OpenAiSettings.fromEnvironment(Map.of("OPENAI_BASE_URL", "ftp://me:s3cret@example.com")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("OPENAI_BASE_URL must be an http(s) URL with a host, was ftp://example.com");
            assertThatThrownBy(() -> OpenAiSettings.fromEnvironment(Map.of("OPENAI_BASE_URL", "http://me:s3cret@ex ample")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("s3cret");
        }

        @Test
        void anUnknownProcessorNameIsRejectedNamingTheVariable() {
            assertThatThrownBy(() -> QueryProcessors.create(null, Map.of("QUERY_PROCESSOR", "gpt")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown query processor 'gpt' (QUERY_PROCESSOR): expected offline or openai");
            assertThat(QueryProcessors.create(null, Map.of())).isInstanceOf(OfflineQueryProcessor.class);
            assertThat(QueryProcessors.create("OpenAI", Map.of())).isInstanceOf(OpenAiChatProcessor.class);
        }
    }
}
