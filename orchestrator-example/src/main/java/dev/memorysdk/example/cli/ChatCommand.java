package dev.memorysdk.example.cli;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.example.OrchestratorResponse;
import dev.memorysdk.example.OrchestratorWithMemory;
import dev.memorysdk.example.QueryProcessor;
import dev.memorysdk.example.QueryProcessorException;
import dev.memorysdk.example.database.MemoryBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code chat}: an interactive conversation on stdin; lines starting with {@code /} are commands. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chats in a session, reading queries from stdin; memory survives restarts.",
            "Run it again with the same --session to continue. Commands: /context [N], /stats, /clear, /help, /quit."})
final class ChatCommand implements Callable<Integer> {

    static final String PROMPT = "you> ";
    static final String HELP = "Commands: /context [N] shows the last N turns (default 5), /stats shows what is stored, "
            + "/clear forgets this session, /help shows this, /quit (or end of input) leaves.";

    @ParentCommand
    private ExampleApp app;

    @Mixin
    private BackendOptions backendOptions;

    @Mixin
    private ProcessorOption processorOption;

    @Option(names = "--session", paramLabel = "ID", defaultValue = "chat",
            description = "Session to chat in. Default: ${DEFAULT-VALUE}")
    private String sessionId;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Where the log goes during the chat, so that no warning lands in the prompt. "
                    + "Default: ~/.memory-sdk-example/chat.log on a terminal, else stderr")
    private Path logFile;

    private PrintWriter out;
    private MemoryManager memory;

    @Override
    public Integer call() throws IOException {
        QueryProcessor processor = processorOption.create(app);
        out = app.out();
        Path log = logFile != null ? app.userPath(logFile)
                : System.console() != null ? BackendOptions.defaultDataDirectory().resolveSibling("chat.log") : null;
        LogToFile logging = log == null ? LogToFile.NONE : logTo(log);
        try (logging; MemoryBackend backend = backendOptions.open(app, null, out)) {
            if (log != null) {
                out.printf("Log: %s%n", log);
            }
            memory = backend.memory();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, processor);
            List<Interaction> earlier = memory.getContext(sessionId);
            int stored = memory.getSessionStats(sessionId).map(stats -> stats.historyLength()).orElse(0);
            out.printf("Session '%s': %s remembered%s. %s%n", sessionId, TurnPrinter.turns(stored),
                    stored > earlier.size() ? " (the last " + earlier.size() + " shown)" : "", HELP);
            TurnPrinter.printTurns(out, earlier, "  ");
            converse(orchestrator, new BufferedReader(new InputStreamReader(app.in(), StandardCharsets.UTF_8)));
        }
        return ExitCodes.OK;
    }

    private static LogToFile logTo(Path file) {
        try {
            return LogToFile.start(file);
        } catch (UncheckedIOException cannotWrite) {
            throw new IllegalArgumentException("--log-file cannot be used: " + cannotWrite.getMessage(), cannotWrite);
        }
    }

    private void converse(OrchestratorWithMemory orchestrator, BufferedReader input) throws IOException {
        while (true) {
            out.print(PROMPT);
            out.flush();
            String line = input.readLine();
            if (line == null) {
                out.println();
                return;
            }
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("/")) {
                if (!runCommand(text)) {
                    return;
                }
                continue;
            }
            try {
                OrchestratorResponse response = orchestrator.processQuery(text, sessionId);
                out.printf("answer> %s%n", response.answer());
                printMemoryNote(response);
            } catch (QueryProcessorException failed) {
                // One failed answer should not end the conversation.
                out.printf("(no answer: %s)%n", failed.getMessage());
            } catch (IllegalArgumentException rejected) {
                // Nor one line memory cannot store; the message names the problem, not the text.
                out.printf("(line not sent: %s)%n", rejected.getMessage());
            }
        }
    }

    /** Runs a slash command; returns false to leave the chat. */
    private boolean runCommand(String text) {
        String[] words = text.split("\\s+");
        switch (words[0]) {
            case "/quit", "/exit" -> {
                out.println("Bye. Your session is kept; run chat --session " + sessionId
                        + backendOptions.dataDirectoryFlag() + " to continue.");
                return false;
            }
            case "/context" -> showContext(words);
            case "/stats" -> out.println(memory.getSessionStats(sessionId)
                    .map(stats -> "Session '" + sessionId + "': " + TurnPrinter.turns(stats.historyLength())
                            + " stored, last updated " + stats.lastUpdated())
                    .orElseGet(this::nothingStoredOrUnreadable));
            case "/clear" -> out.println(memory.clearMemory(sessionId)
                    ? "Session '" + sessionId + "' cleared."
                    : "Session '" + sessionId + "' had nothing stored.");
            case "/help" -> out.println(HELP);
            default -> out.println("Unknown command " + words[0] + ". " + HELP);
        }
        return true;
    }

    // Says which part of memory was missing, so a buffered turn is not reported as lost.
    private void printMemoryNote(OrchestratorResponse response) {
        if (!response.contextLoaded()) {
            out.println(response.stored()
                    ? "(database unreachable: answered without what is stored; this turn is kept and written when it is back)"
                    : "(database unreachable: answered without what is stored; this turn is not stored)");
        } else if (!response.stored()) {
            out.println("(this turn is not stored)");
        }
    }

    // Under the BUFFER and SKIP policies an unreachable database reads as "nothing stored".
    private String nothingStoredOrUnreadable() {
        HealthStatus health = memory.healthCheck();
        if (health.status() != HealthStatus.Status.DOWN) {
            return "Session '" + sessionId + "' has nothing stored.";
        }
        Object buffered = health.details().getOrDefault("bufferedInteractions", 0);
        return "Session '" + sessionId + "': what is stored cannot be read now, the database is unreachable ("
                + buffered + " turns of this process buffered, written when it is back).";
    }

    private void showContext(String[] words) {
        int limit = MemoryManager.DEFAULT_CONTEXT_LIMIT;
        if (words.length > 1) {
            try {
                limit = Integer.parseInt(words[1]);
            } catch (NumberFormatException notANumber) {
                out.println("/context takes a whole number of turns, was '" + words[1] + "'");
                return;
            }
        }
        if (limit < 1) {
            out.println("/context takes a number of turns of at least 1, was " + limit);
            return;
        }
        List<Interaction> turns = memory.getContext(sessionId, limit);
        out.printf("Last %s of session '%s':%n", TurnPrinter.turns(turns.size()), sessionId);
        TurnPrinter.printTurns(out, turns, "  ");
    }
}
