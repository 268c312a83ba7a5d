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

    /** The widest session id a row shows, in characters; longer ones are cut. */
    static final int MAX_SHOWN_ID = 64;

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
            List<String> ids = sessions.stream().map(stats -> shown(stats.sessionId())).toList();
            int width = Math.max("SESSION".length(), ids.stream().mapToInt(String::length).max().orElse(0));
            out.printf("%-" + width + "s  %5s  %s%n", "SESSION", "TURNS", "LAST UPDATED");
            for (int i = 0; i < sessions.size(); i++) {
                out.printf("%-" + width + "s  %5d  %s%n", ids.get(i), sessions.get(i).historyLength(),
                        sessions.get(i).lastUpdated());
            }
        }
        return ExitCodes.OK;
    }

    /**
     * An id as one table cell: control characters escaped ({@code \n}, {@code \t}, {@code \}{@code uXXXX})
     * so a row stays one line, and at most {@value #MAX_SHOWN_ID} characters, cut with an ellipsis.
     */
    static String shown(String sessionId) {
        StringBuilder cell = new StringBuilder();
        sessionId.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> cell.append("\\n");
                case '\t' -> cell.append("\\t");
                case '\r' -> cell.append("\\r");
                default -> {
                    if (Character.isISOControl(c)) {
                        cell.append(String.format("\\u%04x", c));
                    } else {
                        cell.appendCodePoint(c);
                    }
                }
            }
        });
        if (cell.codePointCount(0, cell.length()) <= MAX_SHOWN_ID) {
            return cell.toString();
        }
        return cell.substring(0, cell.offsetByCodePoints(0, MAX_SHOWN_ID - 1)) + "…";
    }
}
