package dev.memorysdk.example.cli;

import dev.memorysdk.SessionStats;
import dev.memorysdk.example.database.MemoryBackend;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sessions}: lists stored sessions, most recently updated first. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "Lists stored sessions, most recently updated first: id, turns stored, last update (UTC).")
final class SessionsCommand implements Callable<Integer> {

    @ParentCommand
    private ExampleApp app;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Most sessions to list (at least 1). Default: ${DEFAULT-VALUE}")
    private int limit;

    @Override
    public Integer call() {
        PrintWriter out = app.out();
        // The start-up line goes to stderr so that stdout stays a clean table for scripts.
        try (MemoryBackend backend = backendOptions.open(app, null, app.err())) {
            List<SessionStats> sessions = backend.memory().getAllSessions(limit);
            if (sessions.isEmpty()) {
                out.println("No sessions stored.");
                return ExitCodes.OK;
            }
            int width = Math.max("SESSION".length(),
                    sessions.stream().mapToInt(stats -> stats.sessionId().length()).max().orElse(0));
            out.printf("%-" + width + "s  %5s  %s%n", "SESSION", "TURNS", "LAST UPDATED");
            for (SessionStats stats : sessions) {
                out.printf("%-" + width + "s  %5d  %s%n", stats.sessionId(), stats.historyLength(), stats.lastUpdated());
            }
        }
        return ExitCodes.OK;
    }
}
