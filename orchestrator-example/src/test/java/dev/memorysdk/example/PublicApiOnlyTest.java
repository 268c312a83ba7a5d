package dev.memorysdk.example;

import dev.memorysdk.testsupport.PublicApiOnly;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PublicApiOnlyTest {

    @Test
    void thisModuleUsesTheSdksPublicApiOnly() {
        PublicApiOnly.assertCompilesAgainstExportedApi(Path.of("src/main/java"), Path.of("src/test/java"));
    }
}
