package dev.memorysdk.example.http;

import static dev.memorysdk.example.http.ApiTestServer.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.example.OrchestratorWithMemory;
import dev.memorysdk.example.QueryProcessor;
import dev.memorysdk.example.QueryProcessorException;
import dev.memorysdk.example.processor.OfflineQueryProcessor;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {

    /** The offline processor, except for two queries that make it fail in the two ways a processor can. */
    private static final QueryProcessor PROCESSOR = (query, context) -> switch (query) {
        case "model down" -> throw new QueryProcessorException("chat completions endpoint answered HTTP 503");
        case "bug" -> throw new IllegalStateException("internal detail that must not leak");
        case "huge answer" -> "y".repeat(MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES);
        default -> new OfflineQueryProcessor().process(query, context);
    };

    private final HttpClient client = HttpClient.newHttpClient();
    private ApiTestServer server;

    @BeforeAll
    void startServer() {
        server = ApiTestServer.start(PROCESSOR);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private static String session() {
        return "s-" + UUID.randomUUID();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return server.send(method, path, body);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return server.get(path);
    }

    private HttpResponse<String> ask(String session, String query) throws IOException, InterruptedException {
        return server.ask(session, query);
    }

    private JsonNode body(HttpResponse<String> response) throws IOException {
        return server.body(response);
    }

    @Nested
    class Queries {

        @Test
        void answersAndReturnsTheContextUsedWhichGrowsTurnByTurn() throws Exception {
            String session = session();

            JsonNode first = body(ask(session, "My name is Ada"));
            JsonNode second = body(ask(session, "I am going to Lisbon"));
            HttpResponse<String> third = ask(session, "Where is Ada going?");

            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(first.get("context")).isEmpty();
            assertThat(second.get("context").findValuesAsText("query")).containsExactly("My name is Ada");
            JsonNode answer = body(third);
            assertThat(answer.get("sessionId").asText()).isEqualTo(session);
            assertThat(answer.get("memoryAvailable").asBoolean()).isTrue();
            assertThat(answer.get("stored").asBoolean()).isTrue();
            assertThat(answer.get("context").findValuesAsText("query")).containsExactly("My name is Ada", "I am going to Lisbon");
            assertThat(answer.get("answer").asText()).startsWith("I remember 2 earlier turns");
            assertThat(answer.get("context").get(0).fieldNames()).toIterable()
                    .containsExactly("id", "query", "answer", "timestamp", "metadata");
        }

        @Test
        void twoSessionsStayIsolated() throws Exception {
            String alice = session();
            String bob = session();
            ask(alice, "alice one");
            ask(bob, "bob one");
            ask(alice, "alice two");

            assertThat(body(get("/sessions/" + alice + "/context")).get("context").findValuesAsText("query"))
                    .containsExactly("alice one", "alice two");
            assertThat(body(get("/sessions/" + bob + "/context")).get("context").findValuesAsText("query"))
                    .containsExactly("bob one");
        }

        @Test
        void sessionIdsArePercentDecoded() throws Exception {
            String session = "team a/üser+1";
            String encoded = URLEncoder.encode(session, StandardCharsets.UTF_8).replace("+", "%20");

            assertThat(send("POST", "/sessions/" + encoded + "/queries", "{\"query\":\"hi\"}").statusCode()).isEqualTo(200);
            assertThat(body(get("/sessions/" + encoded + "/stats")).get("sessionId").asText()).isEqualTo(session);
            assertThat(send("DELETE", "/sessions/" + encoded, null).statusCode()).isEqualTo(204);
        }

        @Test
        void malformedJsonIsA400NamingTheProblem() throws Exception {
            HttpResponse<String> response = send("POST", "/sessions/" + session() + "/queries", "{\"query\": ");

            assertJsonError(response, 400);
            assertThat(body(response).get("error").asText()).startsWith("request body is not valid JSON");
        }

        @Test
        void invalidJsonIsA400NamingWhereWithoutTheParsersInternals() throws Exception {
            HttpResponse<String> truncated = send("POST", "/sessions/" + session() + "/queries", "{\"query\": ");
            HttpResponse<String> trailing = send("POST", "/sessions/" + session() + "/queries", "{\"query\":\"a\"} junk");
            HttpResponse<String> duplicate = send("POST", "/sessions/" + session() + "/queries",
                    "{\"query\":\"a\",\"query\":\"b\"}");

            for (HttpResponse<String> response : List.of(truncated, trailing, duplicate)) {
                assertJsonError(response, 400);
                assertThat(body(response).get("error").asText())
                        .matches("request body is not valid JSON: .+ \\(line 1, column \\d+\\)")
                        .doesNotContain("Source").doesNotContain("marker").doesNotContain("REDACTED")
                        .doesNotContain("StreamReadFeature").doesNotContain("Jackson");
            }
            assertThat(body(duplicate).get("error").asText()).contains("a field appears twice");
        }

        @Test
        void aBodyInAnotherCharsetIsA415AndBadUtf8A400() throws Exception {
            String session = session();
            HttpResponse<String> latin1 = client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                            + "/sessions/" + session + "/queries"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"caf\u00e9\"}", StandardCharsets.ISO_8859_1))
                    .header("Content-Type", "application/json; charset=ISO-8859-1").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> badUtf8 = client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                            + "/sessions/" + session + "/queries"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"caf\u00e9\"}", StandardCharsets.ISO_8859_1))
                    .header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertJsonError(latin1, 415);
            assertThat(body(latin1).get("error").asText()).isEqualTo("request body must be JSON in UTF-8, was ISO-8859-1");
            assertJsonError(badUtf8, 400);
            assertThat(body(badUtf8).get("error").asText()).isEqualTo("request body is not valid UTF-8");
            assertJsonError(get("/sessions/" + session + "/stats"), 404);
        }

        @Test
        void aBodyOverTheLimitIsA413TheClientCanRead() throws Exception {
            // Like curl, which asks for "100 Continue" before sending a large body.
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                            + "/sessions/" + session() + "/queries")).expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());

            assertJsonError(response, 413);
            assertThat(body(response).get("error").asText()).isEqualTo("request body is larger than 2097152 bytes");
        }

        @Test
        void aMissingOrBlankQueryIsA400() throws Exception {
            HttpResponse<String> missing = send("POST", "/sessions/" + session() + "/queries", "{\"question\":\"hi\"}");
            HttpResponse<String> number = send("POST", "/sessions/" + session() + "/queries", "{\"query\":42}");
            HttpResponse<String> blank = send("POST", "/sessions/" + session() + "/queries", "{\"query\":\"  \"}");
            HttpResponse<String> empty = send("POST", "/sessions/" + session() + "/queries", null);

            assertJsonError(missing, 400);
            assertThat(body(missing).get("error").asText()).isEqualTo("field 'query' is required and must be a string");
            assertJsonError(number, 400);
            assertJsonError(blank, 400);
            assertThat(body(blank).get("error").asText()).isEqualTo("field 'query' must not be blank");
            assertJsonError(empty, 400);
        }

        @Test
        void anInvalidSessionIdIsA400WithTheSdksMessage() throws Exception {
            HttpResponse<String> response = ask("x".repeat(256), "hi");

            assertJsonError(response, 400);
            assertThat(body(response).get("error").asText()).contains("255");
        }

        @Test
        void aFailingModelIsA502AndStoresNothing() throws Exception {
            String session = session();
            HttpResponse<String> response = ask(session, "model down");

            assertJsonError(response, 502);
            assertThat(body(response).get("error").asText()).isEqualTo("the query processor failed");
            assertThat(response.body()).as("the upstream's words can carry its address or credentials")
                    .doesNotContain("HTTP 503").doesNotContain("chat completions");
            assertThat(get("/sessions/" + session + "/stats").statusCode()).isEqualTo(404);
        }

        @Test
        void anAnswerTooLargeToStoreIsReturnedWithStoredFalse() throws Exception {
            String session = session();
            HttpResponse<String> response = ask(session, "huge answer");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body(response).get("answer").asText()).hasSize(MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES);
            assertThat(body(response).get("stored").asBoolean()).isFalse();
            assertThat(body(response).get("memoryAvailable").asBoolean()).isFalse();
            assertJsonError(get("/sessions/" + session + "/stats"), 404);
        }

        @Test
        void aQueryTooLargeToStoreIsA400NamingTheLimit() throws Exception {
            HttpResponse<String> response = ask(session(), "x".repeat(MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES + 1));

            assertJsonError(response, 400);
            assertThat(body(response).get("error").asText()).contains("maxInteractionBytes");
        }

        @Test
        void anUnexpectedFailureIsA500WithoutDetails() throws Exception {
            HttpResponse<String> response = ask(session(), "bug");

            assertJsonError(response, 500);
            assertThat(body(response).get("error").asText()).isEqualTo("internal server error");
            assertThat(response.body()).doesNotContain("internal detail");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TurnMetadata {

        private ApiTestServer offline;

        @BeforeAll
        void start() {
            offline = ApiTestServer.start(new OfflineQueryProcessor());
        }

        @AfterAll
        void stop() {
            offline.close();
        }

        @Test
        void eachStoredTurnRecordsTheProcessorAndItsModelWhichTheAnalyticsCount() throws Exception {
            String session = session();
            offline.ask(session, "first");
            offline.ask(session, "second");

            JsonNode context = offline.body(offline.get("/sessions/" + session + "/context"));
            JsonNode analytics = offline.body(offline.get("/analytics?metadataKey=model"));

            assertThat(context.get("context").findValues("metadata")).hasSize(2).allSatisfy(metadata ->
                    assertThat(metadata.toString()).isIn("{\"processor\":\"offline\",\"model\":\"offline\"}",
                            "{\"model\":\"offline\",\"processor\":\"offline\"}"));
            assertThat(analytics.get("topMetadataValues").toString()).isEqualTo("[{\"value\":\"offline\",\"turns\":2}]");
        }
    }

    @Nested
    class Sessions {

        @Test
        void contextHonoursTheLimitAndReturnsTheLatestTurnsOldestFirst() throws Exception {
            String session = session();
            for (int i = 1; i <= 4; i++) {
                ask(session, "q" + i);
            }

            HttpResponse<String> response = get("/sessions/" + session + "/context?limit=2");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body(response).get("context").findValuesAsText("query")).containsExactly("q3", "q4");
        }

        @Test
        void aBadLimitIsA400() throws Exception {
            String session = session();
            ask(session, "q");

            HttpResponse<String> word = get("/sessions/" + session + "/context?limit=abc");
            HttpResponse<String> zero = get("/sessions/" + session + "/context?limit=0");

            assertJsonError(word, 400);
            assertThat(body(word).get("error").asText()).isEqualTo("limit must be a whole number, was 'abc'");
            assertJsonError(zero, 400);
            assertThat(body(zero).get("error").asText()).contains("limit");
            HttpResponse<String> huge = get("/sessions/" + session + "/context?limit=2000000000");
            assertJsonError(huge, 400);
            assertThat(body(huge).get("error").asText()).isEqualTo("limit must be at most 1000, was 2000000000");
            assertJsonError(get("/sessions?limit=1001"), 400);
        }

        @Test
        void statsCountTheStoredTurns() throws Exception {
            String session = session();
            ask(session, "q1");
            ask(session, "q2");

            JsonNode stats = body(get("/sessions/" + session + "/stats"));

            assertThat(stats.get("sessionId").asText()).isEqualTo(session);
            assertThat(stats.get("historyLength").asInt()).isEqualTo(2);
            assertThat(stats.get("lastUpdated").asText()).endsWith("Z");
        }

        @Test
        void unknownSessionsAre404() throws Exception {
            String unknown = session();

            assertJsonError(get("/sessions/" + unknown + "/stats"), 404);
            assertJsonError(get("/sessions/" + unknown + "/context"), 404);
            assertJsonError(send("DELETE", "/sessions/" + unknown, null), 404);
            assertThat(body(get("/sessions/" + unknown + "/stats")).get("error").asText())
                    .isEqualTo("no session '" + unknown + "'");
        }

        @Test
        void deleteForgetsTheSessionOnly() throws Exception {
            String gone = session();
            String kept = session();
            ask(gone, "q");
            ask(kept, "q");

            HttpResponse<String> deleted = send("DELETE", "/sessions/" + gone, null);

            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(get("/sessions/" + gone + "/stats").statusCode()).isEqualTo(404);
            assertThat(get("/sessions/" + kept + "/stats").statusCode()).isEqualTo(200);
        }

        @Test
        void listsSessionsMostRecentlyUpdatedFirst() throws Exception {
            String older = session();
            String newer = session();
            ask(older, "q");
            ask(newer, "q");

            List<String> listed = body(get("/sessions?limit=1000")).get("sessions").findValuesAsText("sessionId");

            assertThat(listed).contains(older, newer);
            assertThat(listed.indexOf(newer)).isLessThan(listed.indexOf(older));
            assertThat(body(get("/sessions?limit=1")).get("sessions")).hasSize(1);
        }
    }

    @Nested
    class SessionSearch {

        private final String tag = UUID.randomUUID().toString().substring(0, 8);

        private List<String> listed(String query) throws Exception {
            return body(get("/sessions?" + query)).get("sessions").findValuesAsText("sessionId");
        }

        @Test
        void findsSessionsWhoseIdContainsTheSearchTextIgnoringCase() throws Exception {
            ask("Team-" + tag + "-a", "q");
            ask("other-" + tag, "q");
            ask("team-" + tag + "-b", "q");

            assertThat(listed("search=TEAM-" + tag)).containsExactly("team-" + tag + "-b", "Team-" + tag + "-a");
            assertThat(listed("search=" + tag)).hasSize(3);
        }

        @Test
        void pagesWithOffsetAndSaysWhetherMoreFollow() throws Exception {
            for (int i = 1; i <= 3; i++) {
                ask("page-" + tag + "-" + i, "q");
            }

            JsonNode first = body(get("/sessions?search=page-" + tag + "&limit=2"));
            JsonNode second = body(get("/sessions?search=page-" + tag + "&limit=2&offset=2"));

            assertThat(first.get("sessions").findValuesAsText("sessionId"))
                    .containsExactly("page-" + tag + "-3", "page-" + tag + "-2");
            assertThat(first.get("offset").asInt()).isZero();
            assertThat(first.get("hasMore").asBoolean()).isTrue();
            assertThat(second.get("sessions").findValuesAsText("sessionId")).containsExactly("page-" + tag + "-1");
            assertThat(second.get("offset").asInt()).isEqualTo(2);
            assertThat(second.get("hasMore").asBoolean()).isFalse();
        }

        @Test
        void likeWildcardsInTheSearchTextMatchOnlyThemselves() throws Exception {
            ask("pct-" + tag, "q");

            assertThat(listed("search=%25" + tag)).isEmpty();
            assertThat(listed("search=pct_" + tag)).isEmpty();
            assertThat(listed("search=pct-" + tag)).containsExactly("pct-" + tag);
        }

        @Test
        void aBadOffsetOrSearchIsA400ThatDoesNotRepeatTheSearchText() throws Exception {
            HttpResponse<String> negative = get("/sessions?offset=-1");
            HttpResponse<String> word = get("/sessions?offset=abc");
            HttpResponse<String> tooLong = get("/sessions?search=" + "secret".repeat(50));
            HttpResponse<String> nul = get("/sessions?search=secret%00text");

            assertJsonError(negative, 400);
            assertThat(body(negative).get("error").asText()).isEqualTo("offset must be at least 0, was -1");
            assertJsonError(word, 400);
            assertJsonError(tooLong, 400);
            assertThat(body(tooLong).get("error").asText()).isEqualTo("search must be at most 255 characters, was 300");
            assertJsonError(nul, 400);
            assertThat(body(nul).get("error").asText()).isEqualTo("search must not contain NUL characters");
            assertThat(tooLong.body() + nul.body()).doesNotContain("secret");
        }
    }

    @Nested
    class Console {

        @Test
        void theRootServesThePageWithAPolicyThatAllowsOnlyThisServer() throws Exception {
            HttpResponse<String> page = get("/");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'none'").contains("script-src 'self'")
                            .contains("connect-src 'self'"));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.body()).contains("<script src=\"/console/console.js\"")
                    .doesNotContain("http://").doesNotContain("https://");
        }

        @Test
        void servesTheScriptAndStyleWithTheirContentTypes() throws Exception {
            HttpResponse<String> script = get("/console/console.js");
            HttpResponse<String> style = get("/console/console.css");

            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
            assertThat(script.body()).contains("textContent").doesNotContain("innerHTML");
            assertThat(style.statusCode()).isEqualTo(200);
            assertThat(style.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        }

        @Test
        void anyOtherFileIsA404AndOtherMethodsA405() throws Exception {
            assertJsonError(get("/console/index.html"), 404);
            assertJsonError(get("/console/../pom.xml"), 404);
            assertJsonError(get("/console.js"), 404);
            HttpResponse<String> post = send("POST", "/", "{}");
            assertJsonError(post, 405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Nested
    class Routing {

        @Test
        void unknownPathsAre404() throws Exception {
            assertJsonError(get("/nope"), 404);
            assertJsonError(get("/sessions/x/history"), 404);
            assertJsonError(get("/healthz"), 404);
        }

        @Test
        void wrongMethodsAre405WithAllow() throws Exception {
            HttpResponse<String> response = send("GET", "/sessions/" + session() + "/queries", null);

            assertJsonError(response, 405);
            assertThat(response.headers().firstValue("Allow")).contains("POST");
            assertJsonError(send("POST", "/health", "{}"), 405);
        }

        @Test
        void pathsThatAreNotValidUrisAreA400InJsonNamingTheProblem() throws Exception {
            for (String target : List.of("/sessions/%zz/context", "/sessions/a\\b", "/sessions/a|b/stats")) {
                String response = server.raw("GET " + target + " HTTP/1.1");

                assertThat(response).startsWith("HTTP/1.1 400 ")
                        .containsIgnoringCase("Content-Type: application/json; charset=utf-8")
                        .doesNotContain("<h1>").doesNotContain("Exception");
                JsonNode error = server.json(response.substring(response.indexOf("\r\n\r\n") + 4));
                assertThat(error.get("status").asInt()).isEqualTo(400);
                assertThat(error.get("error").asText()).startsWith("request path is not a valid URI: ");
            }
            assertThat(server.raw("GET /sessions/%zz/context HTTP/1.1"))
                    .contains("malformed percent-encoding at character 11");
        }

        @Test
        void aValidRawRequestIsAnsweredAndTheConnectionClosed() throws Exception {
            String crlf = server.raw("GET /health HTTP/1.1");
            String lfOnlyAfterAnEmptyLine = server.rawHead("\r\nGET /health HTTP/1.1\nHost: localhost\nConnection: keep-alive\n\n");

            for (String response : List.of(crlf, lfOnlyAfterAnEmptyLine)) {
                assertThat(response).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Connection: close\r\n")
                        .contains("\"status\":\"UP\"");
            }
        }
    }

    @Nested
    class AHangingModel {

        @Test
        void doesNotStarveHealthAndItsQueriesAreAnsweredOnceItReturns() throws Exception {
            CountDownLatch started = new CountDownLatch(ModelCalls.CONCURRENCY);
            CountDownLatch release = new CountDownLatch(1);
            QueryProcessor hanging = (query, context) -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                return "late answer";
            };
            try (ApiTestServer hangingServer = ApiTestServer.start(hanging)) {
                List<CompletableFuture<HttpResponse<String>>> queries = new ArrayList<>();
                // Twice as many queries as server threads: without a pool of their own they would hold them all.
                for (int i = 0; i < 2 * HttpApi.THREADS; i++) {
                    queries.add(hangingServer.askAsync(session(), "q" + i));
                }
                started.await();

                // The bound only turns a hang into a failure; health answers at once when not starved.
                HttpResponse<String> health = hangingServer.getAsync("/health").get(30, TimeUnit.SECONDS);

                assertThat(health.statusCode()).isEqualTo(200);
                release.countDown();
                for (CompletableFuture<HttpResponse<String>> query : queries) {
                    assertThat(query.get().statusCode()).isEqualTo(200);
                }
            }
        }
    }

    /** The database gone behind a real TCP proxy, under the app's fallback policy (BUFFER). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DuringAnOutage {

        private TestDatabase database;
        private TcpProxy proxy;
        private PostgresMemoryManager down;
        private HttpApi downApi;

        @BeforeAll
        void startBehindAProxy() {
            ProxiedDatabase proxied = ProxiedDatabase.start();
            database = proxied.database();
            proxy = proxied.proxy();
            down = PostgresMemoryManager.builder().config(proxied.pooledConfig().build()).build();
            downApi = HttpApi.start(new OrchestratorWithMemory(down, PROCESSOR), down, down.analytics(),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        @AfterAll
        void stop() {
            downApi.close();
            down.close();
            proxy.close();
        }

        private HttpResponse<String> request(String method, String path, String body) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(downApi.baseUri() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void contextAndStatsOfAStoredSessionAre503Not404() throws Exception {
            proxy.setMode(TcpProxy.Mode.FORWARD);
            String session = session();
            down.addToMemory(session, "stored", "before the outage");
            proxy.setMode(TcpProxy.Mode.DROP);

            HttpResponse<String> context = request("GET", "/sessions/" + session + "/context", null);
            HttpResponse<String> stats = request("GET", "/sessions/" + session + "/stats", null);

            assertJsonError(context, 503);
            assertJsonError(stats, 503);
            assertThat(body(stats).get("error").asText()).isEqualTo("memory is unavailable, try again later");
        }

        @Test
        void anAnswerWhoseContextHoldsOnlyBufferedTurnsSaysMemoryWasNotAvailable() throws Exception {
            proxy.setMode(TcpProxy.Mode.DROP);
            String session = session();
            request("POST", "/sessions/" + session + "/queries", "{\"query\":\"buffered\"}");

            JsonNode answer = body(request("POST", "/sessions/" + session + "/queries", "{\"query\":\"again\"}"));

            assertThat(answer.get("context").findValuesAsText("query")).containsExactly("buffered");
            assertThat(answer.get("memoryAvailable").asBoolean()).isFalse();
        }
    }

    @Nested
    class Operations {

        @Test
        void healthIs200WithTheSdksStatusWhenUp() throws Exception {
            HttpResponse<String> response = get("/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body(response).get("status").asText()).isEqualTo("UP");
            assertThat(body(response).get("details").get("database").asText()).isEqualTo("reachable");
        }

        @Test
        void healthIs503WhenMemoryIsDownAndNamesTheDriversErrorOnlyWhenAskedTo() throws Exception {
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (ProxiedDatabase proxied = ProxiedDatabase.start();
                 PostgresMemoryManager down = PostgresMemoryManager.builder().config(proxied.pooledConfig().build()).build();
                 HttpApi downApi = HttpApi.start(new OrchestratorWithMemory(down, PROCESSOR), down, down.analytics(), metrics,
                         new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                proxied.proxy().setMode(TcpProxy.Mode.DROP);
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(downApi.baseUri() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> verbose = client.send(
                        HttpRequest.newBuilder(URI.create(downApi.baseUri() + "/health?verbose=true")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(body(response).get("status").asText()).isEqualTo("DOWN");
                assertThat(body(response).get("details").has("error")).isFalse();
                assertThat(verbose.statusCode()).isEqualTo(503);
                assertThat(body(verbose).get("details").get("error").asText()).isNotBlank();
            }
        }

        @Test
        void headOfHealthIsTheHeadersOfGetWithoutABody() throws Exception {
            HttpResponse<String> head = send("HEAD", "/health", null);

            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(head.body()).isEmpty();
        }

        @Test
        void metricsAreInPrometheusTextFormatWithTheSdksTimers() throws Exception {
            ask(session(), "q");

            HttpResponse<String> response = get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains(OperationsRoutes.PROMETHEUS_TEXT);
            assertThat(response.body()).contains("# TYPE memory_operations_seconds").contains("memory_operations_seconds_count{");
        }
    }
}
