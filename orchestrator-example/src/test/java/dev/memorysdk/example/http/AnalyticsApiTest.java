package dev.memorysdk.example.http;

import static dev.memorysdk.example.http.ApiTestServer.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorysdk.Interaction;
import dev.memorysdk.example.processor.OfflineQueryProcessor;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /analytics} over a fresh database holding a known set of sessions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsApiTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant TEN_DAYS_AGO = NOW.minus(10, ChronoUnit.DAYS);

    private ApiTestServer server;

    @BeforeAll
    void storeSessions() {
        server = ApiTestServer.start(new OfflineQueryProcessor());
        server.memory().addAllToMemory("one", List.of(
                new Interaction("1a", "q", "a", NOW, Map.of("model", "small")),
                new Interaction("1b", "q", "a", NOW, Map.of("model", "large", "tier", "gold"))));
        server.memory().addAllToMemory("two", List.of(
                new Interaction("2a", "q", "a", TEN_DAYS_AGO, Map.of("model", "small")),
                new Interaction("2b", "q", "a", NOW, Map.of("model", "small"))));
        server.memory().addAllToMemory("three", List.of(new Interaction("3a", "q", "a", NOW)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private JsonNode analytics(String query) throws Exception {
        HttpResponse<String> response = server.get("/analytics" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return server.body(response);
    }

    @Test
    void answersEveryFigureOfTheWindowInOneBody() throws Exception {
        JsonNode body = analytics("");

        assertThat(body.get("days").asInt()).isEqualTo(7);
        assertThat(body.get("activeSessions").asLong()).isEqualTo(3);
        assertThat(body.get("storedBytes").get("sessions").asLong()).isEqualTo(3);
        assertThat(body.get("storedBytes").get("historyBytes").asLong()).isPositive();
        assertThat(body.get("storedBytes").get("tableBytes").asLong())
                .isGreaterThanOrEqualTo(body.get("storedBytes").get("historyBytes").asLong());
        assertThat(body.get("turnsPerSession").toString())
                .isEqualTo("[{\"turns\":1,\"sessions\":1},{\"turns\":2,\"sessions\":2}]");
        assertThat(body.get("activityPerDay").toString()).isEqualTo("[{\"day\":\""
                + LocalDate.ofInstant(NOW, ZoneOffset.UTC) + "\",\"sessions\":3,\"turns\":4}]");
        assertThat(body.get("metadataKey").asText()).isEqualTo("model");
        assertThat(body.get("topMetadataValues").toString())
                .as("every turn of a session written in the window counts, the older one of 'two' too")
                .isEqualTo("[{\"value\":\"small\",\"turns\":3},{\"value\":\"large\",\"turns\":1}]");
    }

    @Test
    void aLongerWindowTakesInOlderTurns() throws Exception {
        JsonNode body = analytics("?days=30&metadataKey=model");

        assertThat(body.get("activityPerDay").findValuesAsText("day"))
                .containsExactly(LocalDate.ofInstant(TEN_DAYS_AGO, ZoneOffset.UTC).toString(),
                        LocalDate.ofInstant(NOW, ZoneOffset.UTC).toString());
    }

    @Test
    void ranksTheValuesOfTheRequestedMetadataKeyUpToTop() throws Exception {
        assertThat(analytics("?metadataKey=tier").get("topMetadataValues").toString())
                .isEqualTo("[{\"value\":\"gold\",\"turns\":1}]");
        assertThat(analytics("?top=1").get("topMetadataValues").findValuesAsText("value")).containsExactly("small");
    }

    @Test
    void badParametersAre400sThatDoNotRepeatTheKey() throws Exception {
        HttpResponse<String> zeroDays = server.get("/analytics?days=0");
        HttpResponse<String> tooManyDays = server.get("/analytics?days=367");
        HttpResponse<String> blankKey = server.get("/analytics?metadataKey=%20");
        HttpResponse<String> nulKey = server.get("/analytics?metadataKey=secret%00");
        HttpResponse<String> tooMany = server.get("/analytics?top=101");

        assertJsonError(zeroDays, 400);
        assertThat(server.body(zeroDays).get("error").asText()).isEqualTo("days must be at least 1, was 0");
        assertJsonError(tooManyDays, 400);
        assertJsonError(blankKey, 400);
        assertThat(server.body(blankKey).get("error").asText()).isEqualTo("metadataKey must not be blank");
        assertJsonError(nulKey, 400);
        assertThat(nulKey.body()).doesNotContain("secret");
        assertJsonError(tooMany, 400);
        assertThat(server.body(tooMany).get("error").asText()).isEqualTo("top must be at most 100, was 101");
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        HttpResponse<String> post = server.send("POST", "/analytics", "{}");

        assertJsonError(post, 405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertJsonError(server.get("/analytics/more"), 404);
    }
}
