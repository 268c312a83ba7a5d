package dev.memorysdk.example.cli;

import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
import dev.memorysdk.example.OrchestratorResponse;
import dev.memorysdk.example.OrchestratorWithMemory;
import dev.memorysdk.example.QueryProcessor;
import dev.memorysdk.example.database.MemoryBackend;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code demo}: a scripted conversation showing, turn by turn, the context preloaded and the answer stored. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a scripted four-turn conversation and shows, for each turn, the context preloaded "
                + "from memory and the answer written back.")
final class DemoCommand implements Callable<Integer> {

    /** The conversation: later questions only make sense with the earlier turns in mind. */
    static final List<String> SCRIPT = List.of(
            "Hi, my name is Ada and I'm planning a trip to Lisbon in April.",
            "What is the weather usually like in Lisbon in April?",
            "Which neighbourhoods should I stay in?",
            "Remind me: what is my name, and where am I going?");

    @ParentCommand
    private ExampleApp app;

    @Mixin
    private BackendOptions backendOptions;

    @Mixin
    private ProcessorOption processorOption;

    @Option(names = "--session", paramLabel = "ID",
            description = "Session to talk in. Default: a new demo-... session each run.")
    private String sessionId;

    @Override
    public Integer call() {
        QueryProcessor processor = processorOption.create(app);
        String session = sessionId != null ? sessionId : "demo-" + UUID.randomUUID().toString().substring(0, 8);
        PrintWriter out = app.out();
        try (MemoryBackend backend = backendOptions.open(app, null, out)) {
            MemoryManager memory = backend.memory();
            OrchestratorWithMemory orchestrator = new OrchestratorWithMemory(memory, processor);
            out.printf("Session: %s%n", session);
            for (int i = 0; i < SCRIPT.size(); i++) {
                out.printf("%n--- Turn %d of %d ---%n", i + 1, SCRIPT.size());
                out.printf("Query:   %s%n", SCRIPT.get(i));
                OrchestratorResponse response = orchestrator.processQuery(SCRIPT.get(i), session);
                printTurn(out, response, orchestrator.getSessionStats(session).map(SessionStats::historyLength).orElse(0));
            }
            out.printf("%nSession %s is stored. Continue it with:  ./run-example.sh chat --session %s%s%n",
                    session, session, backendOptions.dataDirectoryFlag());
        }
        return ExitCodes.OK;
    }

    private static void printTurn(PrintWriter out, OrchestratorResponse response, int storedTurns) {
        if (!response.contextLoaded()) {
            out.println("Context: unavailable (memory failed; answered without it)");
        } else {
            out.printf("Context: %s preloaded from memory%n", TurnPrinter.turns(response.context().size()));
            TurnPrinter.printTurns(out, response.context(), "         ");
        }
        out.printf("Answer:  %s%n", response.answer());
        out.printf("Stored:  %s%n", response.stored()
                ? "yes, the session now holds " + TurnPrinter.turns(storedTurns)
                : "no (memory unavailable)");
    }
}
