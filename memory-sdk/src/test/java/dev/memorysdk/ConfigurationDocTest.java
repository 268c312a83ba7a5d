package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's tables say what {@link MemoryConfig} does: one row per setting of its
 * builder, with the default of {@link MemoryConfig#defaults()}, the range of its {@code MIN_}/{@code MAX_}
 * constants and the variable {@link MemoryEnvironment} reads for it; one row per object of the
 * manager's builder.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final String NONE = "—";

    /** One row of a settings table: the first four cells. */
    private record Row(String setter, String type, String defaultValue, String range, String environment) {
    }

    @Test
    void everyRowAgreesWithTheCode() throws IOException {
        assertThat(disagreements(Files.readString(DOC))).isEmpty();
    }

    @Test
    void aRowThatDisagreesWithTheCodeIsNamed() throws IOException {
        String doc = Files.readString(DOC);
        String wrongDefault = doc.replace("| `maxContextLength(int)` | 50 |", "| `maxContextLength(int)` | 60 |");
        String wrongRange = doc.replace("| `asyncThreads(int)` | 4 | 1–256 |", "| `asyncThreads(int)` | 4 | 1–512 |");
        String wrongVariable = doc.replace("| `ttl(Duration)` | 24 h | 1 s–3650 days | `MEMORY_TTL_HOURS` |",
                "| `ttl(Duration)` | 24 h | 1 s–3650 days | — |");
        String swappedVariables = doc.replace("| 1–10000 | `MEMORY_MAX_CONTEXT_LENGTH` |", "| 1–10000 | `X` |")
                .replace("| 1–255 characters | `MEMORY_TENANT` |", "| 1–255 characters | `MEMORY_MAX_CONTEXT_LENGTH` |")
                .replace("| 1–10000 | `X` |", "| 1–10000 | `MEMORY_TENANT` |");
        String missingRow = doc.replaceAll("\\| `retryMaxAttempts\\(int\\)` [^\\n]*\\n", "");

        assertThat(disagreements(wrongDefault)).containsExactly("maxContextLength: default is 50, the doc says 60");
        assertThat(disagreements(wrongRange)).containsExactly("asyncThreads: range is 1–256, the doc says 1–512");
        assertThat(disagreements(wrongVariable)).containsExactly(
                "variables MemoryEnvironment reads without a row: [MEMORY_TTL_HOURS]");
        assertThat(disagreements(swappedVariables)).containsExactlyInAnyOrder(
                "maxContextLength: MEMORY_TENANT does not set it", "tenant: MEMORY_MAX_CONTEXT_LENGTH does not set it");
        assertThat(disagreements(missingRow)).containsExactly("settings without a row: [retryMaxAttempts]");
    }

    /** What the doc says that the code does not; empty when they agree. */
    private static List<String> disagreements(String doc) {
        List<String> found = new ArrayList<>();
        List<Row> rows = rows(doc, "| setting |");
        Set<String> setters = publicMethods(MemoryConfig.Builder.class, "build");
        Set<String> documented = rows.stream().map(Row::setter).collect(Collectors.toCollection(TreeSet::new));
        if (documented.size() != rows.size()) {
            found.add("a setting has more than one row");
        }
        Set<String> missing = new TreeSet<>(setters);
        missing.removeAll(documented);
        if (!missing.isEmpty()) {
            found.add("settings without a row: " + missing);
        }
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(setters);
        if (!unknown.isEmpty()) {
            found.add("rows without a setting: " + unknown);
        }
        Set<String> variables = new TreeSet<>();
        for (Row row : rows) {
            if (!setters.contains(row.setter())) {
                continue;
            }
            compare(found, row.setter(), "type", parameterType(row.setter()), row.type());
            compare(found, row.setter(), "default", render(row.setter(), defaultOf(row.setter())), row.defaultValue());
            compare(found, row.setter(), "range", range(row.setter()), row.range());
            if (!row.environment().equals(NONE)) {
                String variable = row.environment().replace("`", "");
                variables.add(variable);
                if (variableNames().contains(variable) && !feeds(variable, row.setter())) {
                    found.add(row.setter() + ": " + variable + " does not set it");
                }
            }
        }
        Set<String> unread = new TreeSet<>(variableNames());
        unread.removeAll(variables);
        if (!unread.isEmpty()) {
            found.add("variables MemoryEnvironment reads without a row: " + unread);
        }
        variables.removeAll(variableNames());
        if (!variables.isEmpty()) {
            found.add("variables MemoryEnvironment does not read: " + variables);
        }
        Set<String> objects = rows(doc, "| object |").stream().map(Row::setter).collect(Collectors.toCollection(TreeSet::new));
        Set<String> builderObjects = publicMethods(PostgresMemoryManager.Builder.class, "build", "config");
        if (!objects.equals(builderObjects)) {
            found.add("objects of the manager's builder are " + builderObjects + ", the doc says " + objects);
        }
        return found;
    }

    private static void compare(List<String> found, String setter, String what, String code, String doc) {
        if (!code.equals(doc)) {
            found.add(setter + ": " + what + " is " + code + ", the doc says " + doc);
        }
    }

    /** The rows of every table whose header starts with {@code header}. */
    private static List<Row> rows(String doc, String header) {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : doc.split("\n")) {
            if (!line.startsWith("|")) {
                inTable = false;
            } else if (line.startsWith(header)) {
                inTable = true;
            } else if (inTable && !line.startsWith("|---")) {
                String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new);
                String signature = cells[0].replace("`", "");
                String setter = signature.substring(0, signature.indexOf('('));
                String type = signature.substring(signature.indexOf('(') + 1, signature.indexOf(')'));
                rows.add(new Row(setter, type, cells[1], cells.length > 2 ? cells[2] : "",
                        cells.length > 3 ? cells[3] : ""));
            }
        }
        return rows;
    }

    private static Set<String> publicMethods(Class<?> type, String... except) {
        Set<String> names = Arrays.stream(type.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        names.removeAll(List.of(except));
        return names;
    }

    private static String parameterType(String setter) {
        return Arrays.stream(MemoryConfig.Builder.class.getMethods()).filter(m -> m.getName().equals(setter))
                .findFirst().orElseThrow().getParameterTypes()[0].getSimpleName();
    }

    private static Object defaultOf(String setter) {
        try {
            Object value = MemoryConfig.class.getMethod(setter).invoke(MemoryConfig.defaults());
            Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
            constant("DEFAULT_" + constantName(setter))
                    .ifPresent(constant -> assertThat(constant).as("DEFAULT_ constant of " + setter).isEqualTo(unwrapped));
            return unwrapped;
        } catch (ReflectiveOperationException unexpected) {
            throw new AssertionError("MemoryConfig has no accessor " + setter + "()", unexpected);
        }
    }

    /** {@code MIN_x–MAX_x} of the setting's constants, its enum's constants, or none. */
    private static String range(String setter) {
        String name = constantName(setter);
        Optional<Object> min = constant("MIN_" + name);
        Optional<Object> max = constant("MAX_" + name);
        if (max.isPresent()) {
            return min.map(value -> render(setter, value)).orElse("above 0, at most") + (min.isPresent() ? "–" : " ")
                    + render(setter, max.get());
        }
        Optional<Object> maxLength = constant("MAX_" + name + "_LENGTH");
        if (maxLength.isPresent()) {
            return constant("MIN_" + name + "_LENGTH").orElseThrow() + "–" + maxLength.get() + " characters";
        }
        Class<?> type = Arrays.stream(MemoryConfig.Builder.class.getMethods()).filter(m -> m.getName().equals(setter))
                .findFirst().orElseThrow().getParameterTypes()[0];
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(value -> render(setter, value))
                    .collect(Collectors.joining(", "));
        }
        return NONE;
    }

    private static Optional<Object> constant(String name) {
        try {
            Field field = MemoryConfig.class.getField(name);
            return Optional.of(field.get(null));
        } catch (NoSuchFieldException absent) {
            return Optional.empty();
        } catch (IllegalAccessException unexpected) {
            throw new AssertionError(unexpected);
        }
    }

    private static String constantName(String setter) {
        return setter.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
    }

    private static Set<String> variableNames() {
        return Arrays.stream(MemoryEnvironment.class.getFields()).filter(f -> f.getName().startsWith("ENV_"))
                .map(field -> {
                    try {
                        return (String) field.get(null);
                    } catch (IllegalAccessException unexpected) {
                        throw new AssertionError(unexpected);
                    }
                }).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether {@code variable}, set to a sample value, moves {@code setter}'s setting off its default. */
    private static boolean feeds(String variable, String setter) {
        String url = "postgresql://sample@db/app";
        Class<?> type = Arrays.stream(MemoryConfig.Builder.class.getMethods()).filter(m -> m.getName().equals(setter))
                .findFirst().orElseThrow().getParameterTypes()[0];
        Object defaultValue = defaultOf(setter);
        String sample = type == String.class ? "sample"
                : type == boolean.class ? "true"
                : type.isEnum() ? Arrays.stream(type.getEnumConstants()).filter(c -> !c.equals(defaultValue))
                        .findFirst().orElseThrow().toString()
                : "2048";
        try {
            MemoryConfig config = MemoryConfig.from(MemoryEnvironment.parse(variable.equals(MemoryEnvironment.ENV_DATABASE_URL)
                    ? Map.of(variable, url) : Map.of(MemoryEnvironment.ENV_DATABASE_URL, url, variable, sample))).build();
            Object value = MemoryConfig.class.getMethod(setter).invoke(config);
            Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
            return !Objects.equals(unwrapped, defaultValue);
        } catch (IllegalArgumentException | ReflectiveOperationException notThisSetting) {
            return false;
        }
    }

    /** A value as the doc writes it: durations and byte sizes in the largest whole unit. */
    private static String render(String setter, Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Duration duration) {
            return duration(duration);
        }
        if (value instanceof Enum<?> constant) {
            return "`" + constant.name() + "`";
        }
        if (value instanceof Float percent) {
            return percent == Math.rint(percent) ? String.valueOf(percent.intValue()) : percent.toString();
        }
        if (value instanceof Number number && setter.endsWith("Bytes")) {
            return bytes(number.longValue());
        }
        return value.toString();
    }

    private static String duration(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        if (duration.toDaysPart() > 1 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() + " days";
        }
        if (duration.equals(Duration.ofHours(duration.toHours()))) {
            return duration.toHours() + " h";
        }
        if (duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
            return duration.toMinutes() + " min";
        }
        if (duration.equals(Duration.ofSeconds(duration.toSeconds()))) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }

    private static String bytes(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes > 0 && bytes % unit == 0) {
                return bytes / unit + " " + units[i];
            }
        }
        return String.valueOf(bytes);
    }
}
