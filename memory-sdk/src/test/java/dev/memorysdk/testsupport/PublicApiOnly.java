package dev.memorysdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.MemoryManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The module boundary for code outside {@code memory-sdk} (the example, the bench, the adapters,
 * the starter): its sources compile with the SDK as the named module {@code dev.memorysdk} on the
 * module path, so the compiler refuses any use of a package the module does not export (an
 * import, a fully qualified name, a static import alike). The rest of the test class path stays
 * on the class path. Used by modules that cannot be named modules themselves because a framework
 * jar they need declares no module name.
 */
public final class PublicApiOnly {

    private static final String SDK_MODULE = "dev.memorysdk";

    private PublicApiOnly() {
    }

    /**
     * Compiles every Java source under {@code roots} against the SDK's exported packages and fails
     * naming each use of an unexported one (and any other compile error). Blocks for the compilation.
     */
    public static void assertCompilesAgainstExportedApi(Path... roots) {
        List<File> sources = sources(roots);
        assertThat(sources).as("Java sources read under the module's source roots").isNotEmpty();
        Path sdk = locationOf(MemoryManager.class);
        List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(entry -> !entry.equals(sdk)).collect(Collectors.toList());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (the tests run on a JDK)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            Path output = Files.createTempDirectory("public-api-only");
            Map<String, Path> modules = modulePath(sdk, classPath);
            List<String> options = List.of("-proc:none", "-d", output.toString(),
                    "--module-path", joined(new ArrayList<>(modules.values())),
                    "--add-modules", String.join(",", modules.keySet()), "--class-path", joined(classPath));
            boolean compiled = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromFiles(sources)).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                    .map(diagnostic -> diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": "
                            + diagnostic.getMessage(null))
                    .collect(Collectors.toList());
            assertThat(errors).as("compile errors against the SDK's exported packages").isEmpty();
            assertThat(compiled).isTrue();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * The SDK and the modules it requires, by name, found among the class path's jars; an optional
     * one (Micrometer) only when the class path has it, as a module path would.
     */
    private static Map<String, Path> modulePath(Path sdk, List<Path> classPath) {
        Map<String, ModuleReference> jars = new HashMap<>();
        for (Path entry : classPath) {
            if (entry.toString().endsWith(".jar")) {
                try {
                    ModuleFinder.of(entry).findAll().forEach(module -> jars.putIfAbsent(module.descriptor().name(), module));
                } catch (FindException unnamable) {
                    // A jar whose file name makes no module name: the SDK does not require it.
                }
            }
        }
        ModuleReference root = ModuleFinder.of(sdk).find(SDK_MODULE)
                .orElseThrow(() -> new AssertionError("no module " + SDK_MODULE + " at " + sdk));
        Map<String, Path> path = new LinkedHashMap<>(Map.of(SDK_MODULE, sdk));
        Deque<ModuleDescriptor> pending = new ArrayDeque<>(List.of(root.descriptor()));
        while (!pending.isEmpty()) {
            for (ModuleDescriptor.Requires required : pending.pop().requires()) {
                ModuleReference module = jars.get(required.name());
                if (module != null && !path.containsKey(required.name())) {
                    path.put(required.name(), Path.of(module.location().orElseThrow()));
                    pending.push(module.descriptor());
                }
            }
        }
        return path;
    }

    private static List<File> sources(Path... roots) {
        List<File> sources = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(file -> file.toString().endsWith(".java")).map(Path::toFile).forEach(sources::add);
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            }
        }
        return sources;
    }

    private static String joined(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
