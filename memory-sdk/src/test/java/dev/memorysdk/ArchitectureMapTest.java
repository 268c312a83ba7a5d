package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class and test that docs/architecture.md's table "Where each behaviour lives" names exists,
 * so the map cannot point a reader at a class that was renamed or removed. Names are looked up by
 * simple name ({@code <Name>.java} anywhere under a module's {@code src/main} or {@code src/test}),
 * not by package, so moving a class between packages keeps the map right; {@code Name.member} also
 * needs {@code member} as a word in that file (a method, or a nested test class).
 */
class ArchitectureMapTest {

    private static final String MAP_HEADING = "## Where each behaviour lives";
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z][A-Za-z0-9]*))?`");

    @Test
    void everyClassAndTestTheMapNamesExists() throws IOException {
        Path root = projectRoot();
        List<String> names = mapNames(Files.readString(root.resolve("docs/architecture.md")));
        assertThat(names).as("names in the table '%s'", MAP_HEADING).hasSizeGreaterThan(40);

        assertThat(missing(names, sourceFiles(root)))
                .as("names in docs/architecture.md's '%s' with no such file or member", MAP_HEADING)
                .isEmpty();
    }

    @Test
    void aMisspeltNameIsReportedAsMissing() throws IOException {
        Path root = projectRoot();
        String doc = MAP_HEADING + "\n\n| behaviour | class | test |\n|---|---|---|\n"
                + "| the near cache | `NearCache`, `NearCash`, `NearCache.confirmz` | `NearCacheTest` |\n";

        assertThat(missing(mapNames(doc), sourceFiles(root)))
                .containsExactly("NearCash (no NearCash.java under */src/main or */src/test)",
                        "NearCache.confirmz (no word 'confirmz' in NearCache.java)");
    }

    /** The backquoted names in the class and test columns of the map's table, in order, each once. */
    static List<String> mapNames(String doc) {
        int start = doc.indexOf(MAP_HEADING);
        assertThat(start).as("docs/architecture.md has a section '%s'", MAP_HEADING).isNotNegative();
        int end = doc.indexOf("\n## ", start + MAP_HEADING.length());
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        Set<String> names = new LinkedHashSet<>();
        for (String line : section.split("\n")) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("|") || cells.length < 4 || line.startsWith("|---") || cells[2].isBlank()
                    || cells[2].strip().equals("class")) {
                continue;
            }
            Matcher matcher = NAME.matcher(cells[2] + " " + cells[3]);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names.stream().map(name -> name.substring(1, name.length() - 1)).toList();
    }

    /** Each name with no file (or no such member in its file), with the reason. */
    static List<String> missing(List<String> names, Map<String, Path> files) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            String[] parts = name.split("\\.");
            Optional<Path> file = Optional.ofNullable(files.get(parts[0]));
            if (file.isEmpty()) {
                missing.add(parts[0] + " (no " + parts[0] + ".java under */src/main or */src/test)");
            } else if (parts.length > 1 && !containsWord(file.get(), parts[1])) {
                missing.add(name + " (no word '" + parts[1] + "' in " + file.get().getFileName() + ")");
            }
        }
        return missing;
    }

    private static boolean containsWord(Path file, String word) {
        try {
            return Pattern.compile("\\b" + word + "\\b").matcher(Files.readString(file)).find();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Every {@code .java} file under a module's {@code src/main} or {@code src/test}, by simple name. */
    static Map<String, Path> sourceFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> {
                        String text = root.relativize(path).toString().replace('\\', '/');
                        return text.contains("/src/main/") || text.contains("/src/test/");
                    })
                    .filter(path -> !root.relativize(path).toString().replace('\\', '/').contains("/target/"))
                    .collect(Collectors.toMap(path -> path.getFileName().toString().replace(".java", ""),
                            path -> path, (first, second) -> first));
        }
    }

    /** The directory holding docs/architecture.md: the module's parent when tests run in the module. */
    private static Path projectRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isRegularFile(directory.resolve("docs/architecture.md"))) {
            directory = directory.getParent();
        }
        assertThat(directory).as("a parent directory holding docs/architecture.md").isNotNull();
        return directory;
    }
}
