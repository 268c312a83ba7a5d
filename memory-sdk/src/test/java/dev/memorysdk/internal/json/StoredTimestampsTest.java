package dev.memorysdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:34:56Z", "2024-05-01T12:34:56.1Z", "2024-05-01T12:34:56.123Z",
            "2024-05-01T12:34:56.123456Z", "2024-05-01T12:34:56.123456789Z", "1999-12-31T23:59:59.000000001Z"})
    void readsEveryFormTheSdkWritesExactly(String text) {
        assertThat(StoredTimestamps.parse(text)).contains(Instant.parse(text));
    }

    @Test
    void readsWhatItFormats() {
        Instant now = Instant.now();
        assertThat(StoredTimestamps.parse(StoredTimestamps.format(now))).contains(now);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:34:56+02:00", "2024-05-01 12:34:56.5", "2024-05-01T12:34:56"})
    void readsOtherWritersFormsThroughTheLenientFormatter(String text) {
        assertThat(StoredTimestamps.parse(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13-01T12:34:56Z",
            "2024-05-01T1x:34:56Z", "not a timestamp", ""})
    void rejectsMalformedTimestamps(String text) {
        assertThat(StoredTimestamps.parse(text)).isEmpty();
    }
}
