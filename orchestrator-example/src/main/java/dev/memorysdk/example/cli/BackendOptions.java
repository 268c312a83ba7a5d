package dev.memorysdk.example.cli;

import dev.memorysdk.example.database.MemoryBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option, shared by every command that needs memory, and opening it. */
final class BackendOptions {

    /** Where the embedded database keeps its data when {@code --data-dir} is not given. */
    static Path defaultDataDirectory() {
        return Path.of(System.getProperty("user.home"), ".memory-sdk-example", "pgdata");
    }

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded PostgreSQL (ignored when DATABASE_URL is set). "
                    + "Default: ~/.memory-sdk-example/pgdata")
    private Path dataDirectory;

    /** The flag to repeat in a follow-up command so it finds the same data: empty for the default. */
    String dataDirectoryFlag() {
        return dataDirectory == null ? "" : " --data-dir " + dataDirectory;
    }

    /** Opens memory and prints one line saying where it is, on {@code report}. */
    MemoryBackend open(ExampleApp app, MeterRegistry meters, PrintWriter report) {
        long started = System.nanoTime();
        MemoryBackend backend = MemoryBackend.open(app.env(),
                dataDirectory != null ? app.userPath(dataDirectory) : defaultDataDirectory(), meters);
        report.printf("Memory: %s, ready in %d ms%n", backend.description(), (System.nanoTime() - started) / 1_000_000);
        return backend;
    }
}
