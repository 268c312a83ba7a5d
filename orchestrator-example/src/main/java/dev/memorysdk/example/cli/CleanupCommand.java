package dev.memorysdk.example.cli;

import dev.memorysdk.example.database.MemoryBackend;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cleanup}: deletes expired sessions and reports how many went. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Deletes expired sessions and prints how many were removed.",
            "A session expires when not written for longer than its time to live (24 h by default)."})
final class CleanupCommand implements Callable<Integer> {

    @ParentCommand
    private ExampleApp app;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--older-than", paramLabel = "AGE", converter = DurationConverter.class,
            description = "Delete sessions not written for longer than AGE instead, whatever their own TTL: "
                    + "90s, 15m, 2h, 7d or ISO-8601 (PT2H).")
    private Duration olderThan;

    @Override
    public Integer call() {
        try (MemoryBackend backend = backendOptions.open(app, null, app.err())) {
            int removed = olderThan == null
                    ? backend.memory().cleanupExpiredSessions()
                    : backend.memory().cleanupExpiredSessions(olderThan);
            app.out().printf("Removed %d expired %s.%n", removed, removed == 1 ? "session" : "sessions");
        }
        return ExitCodes.OK;
    }
}
