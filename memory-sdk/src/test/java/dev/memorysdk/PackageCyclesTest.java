package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The SDK's packages depend on each other in one direction: the implementation on the API, never
 * back. The dependencies are read from the compiled classes by {@code jdeps}, so a fully qualified
 * name counts as much as an import.
 */
class PackageCyclesTest {

    /** One package-to-package line of {@code jdeps -verbose:package}: {@code from -> to archive}. */
    private static final Pattern SDK_EDGE =
            Pattern.compile("^\\s+(dev\\.memorysdk[\\w.]*)\\s+->\\s+(dev\\.memorysdk[\\w.]*)\\s", Pattern.MULTILINE);

    @Test
    void theSdkPackagesFormNoCycle() {
        Map<String, Set<String>> dependencies = sdkPackageDependencies(classesOf(MemoryManager.class));
        assertThat(dependencies.get("dev.memorysdk.internal"))
                .as("jdeps read the implementation's dependencies (else its output format changed)")
                .contains("dev.memorysdk", "dev.memorysdk.internal.store");
        assertThat(cycles(dependencies)).as("package cycles among %s", dependencies.keySet()).isEmpty();
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> dependencies = Map.of(
                "api", Set.of(),
                "facade", Set.of("api", "impl"),
                "impl", Set.of("api", "impl.store"),
                "impl.store", Set.of("impl"));
        assertThat(cycles(dependencies)).containsExactly(List.of("impl", "impl.store"));
    }

    /** Each SDK package and the other SDK packages its classes use. */
    private static Map<String, Set<String>> sdkPackageDependencies(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
                () -> new IllegalStateException("jdeps is missing: run the tests on a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), "--multi-release", "17",
                "--module-path", dependencyJars(), "-verbose:package", "-filter:none", classes.toString());
        assertThat(exit).as("jdeps exit status; its errors: %s", err).isZero();
        Map<String, Set<String>> dependencies = new TreeMap<>();
        Matcher edge = SDK_EDGE.matcher(out.toString());
        while (edge.find()) {
            dependencies.computeIfAbsent(edge.group(1), from -> new TreeSet<>());
            dependencies.computeIfAbsent(edge.group(2), to -> new TreeSet<>());
            if (!edge.group(1).equals(edge.group(2))) {
                dependencies.get(edge.group(1)).add(edge.group(2));
            }
        }
        return dependencies;
    }

    /** The jars of the test class path: the modules the SDK's module-info requires are among them. */
    private static String dependencyJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The strongly connected components of more than one package (Tarjan), each sorted, in name order. */
    private static List<List<String>> cycles(Map<String, Set<String>> dependencies) {
        Tarjan tarjan = new Tarjan(dependencies);
        new TreeSet<>(dependencies.keySet()).forEach(tarjan::visitIfNew);
        tarjan.cycles.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return tarjan.cycles;
    }

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> dependencies;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> lowLink = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> cycles = new ArrayList<>();

        Tarjan(Map<String, Set<String>> dependencies) {
            this.dependencies = dependencies;
        }

        void visitIfNew(String node) {
            if (!index.containsKey(node)) {
                visit(node);
            }
        }

        private void visit(String node) {
            index.put(node, index.size());
            lowLink.put(node, index.get(node));
            stack.push(node);
            onStack.add(node);
            for (String next : dependencies.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
                } else if (onStack.contains(next)) {
                    lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
                }
            }
            if (lowLink.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    cycles.add(List.copyOf(component));
                }
            }
        }
    }
}
