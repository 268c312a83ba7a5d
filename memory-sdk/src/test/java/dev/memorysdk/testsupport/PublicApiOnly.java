package dev.memorysdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The module boundary: code outside {@code memory-sdk} (the example, the bench, the adapters, the
 * starter) uses the SDK's public API only, never {@code dev.memorysdk.internal}.
 */
public final class PublicApiOnly {

    /**
     * An import of an internal type. (The bench names the SDK's mapper resource in a string to
     * measure the exact statement text; that is reading a file, not using a class.)
     */
    private static final Pattern INTERNAL_IMPORT =
            Pattern.compile("^\\s*import\\s+(static\\s+)?dev\\.memorysdk\\.internal\\.", Pattern.MULTILINE);

    private PublicApiOnly() {
    }

    /** Fails naming every source file under {@code roots} that imports from an internal SDK package. */
    public static void assertNoInternalReferences(Path... roots) {
        List<String> offenders = new ArrayList<>();
        int files = 0;
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> sources = Files.walk(root)) {
                for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
                    files++;
                    if (INTERNAL_IMPORT.matcher(Files.readString(source)).find()) {
                        offenders.add(root.relativize(source).toString());
                    }
                }
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        }
        assertThat(files).as("Java sources read under the module's source roots").isPositive();
        assertThat(offenders).as("sources importing from dev.memorysdk.internal").isEmpty();
    }
}
