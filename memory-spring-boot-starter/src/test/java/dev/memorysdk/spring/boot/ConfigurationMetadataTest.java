package dev.memorysdk.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IDEs complete {@code memory.*} from the metadata the build generates from {@link MemoryProperties}. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribedInTheMetadataWithItsType() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json on the class path").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            names.add(property.get("name").asText());
            assertThat(property.path("description").asText()).as(property.get("name").asText()).isNotBlank();
            assertThat(property.path("type").asText()).as(property.get("name").asText()).isNotBlank();
        }
        assertThat(names).contains("memory.jdbc-url", "memory.ttl", "memory.max-context-length",
                "memory.fallback-policy", "memory.durability", "memory.initialize-schema", "memory.cleanup-interval",
                "memory.near-cache-max-size");
    }
}
