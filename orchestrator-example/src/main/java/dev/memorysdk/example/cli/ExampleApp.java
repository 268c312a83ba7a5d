package dev.memorysdk.example.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code orchestrator-example} command line: {@code demo}, {@code chat}, {@code sessions},
 * {@code cleanup}, {@code serve} and {@code import-redis}. {@link #run} is the testable entry point: streams and the
 * environment are passed in rather than read from {@link System}. Each run builds its own instance,
 * so concurrent runs (as in tests) do not share state.
 */
@Command(name = "orchestrator-example",
        mixinStandardHelpOptions = true,
        version = "orchestrator-example 0.1.0-SNAPSHOT",
        description = {
            "An LLM orchestrator with session memory in PostgreSQL: each query is answered with the "
                    + "session's recent turns, and the new turn is written back.",
            "",
            "Memory lives in the database named by DATABASE_URL, or else in an embedded PostgreSQL "
                    + "whose data is kept under --data-dir (default ~/.memory-sdk-example/pgdata).",
            ""},
        subcommands = {DemoCommand.class, ChatCommand.class, SessionsCommand.class, CleanupCommand.class,
                       ServeCommand.class, ImportRedisCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:unexpected failure",
            "2:bad flags, arguments or configuration",
            "3:database unavailable (embedded start failed or DATABASE_URL unreachable)",
            "4:query processor failed (model endpoint error or timeout)"})
public final class ExampleApp implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleApp.class);

    /** The environment variable naming the directory the user ran the command from. */
    static final String USER_DIR = "MEMORY_EXAMPLE_USER_DIR";

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;

    @Spec
    private CommandSpec spec;

    private ExampleApp(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the app with the process' streams and environment, and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv()));
    }

    /**
     * Runs one command and returns its exit code (see {@link ExitCodes}). Never throws: failures are
     * reported on {@code err} as one line naming the problem.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter stderr = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine commandLine = new CommandLine(new ExampleApp(env, in, stdout, stderr))
                .setOut(stdout)
                .setErr(stderr)
                .setExecutionExceptionHandler((failure, failed, parseResult) -> {
                    int code = ExitCodes.of(failure);
                    if (code == ExitCodes.FAILURE) {
                        LOG.error("{} failed", failed.getCommandName(), failure);
                    }
                    failed.getErr().println("error: " + failure.getMessage());
                    return code;
                });
        try {
            return commandLine.execute(args);
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    /** Without a subcommand: show the usage and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    Map<String, String> env() {
        return env;
    }

    /**
     * {@code path} as the user meant it: a relative path resolves against the directory the command
     * was started from ({@value #USER_DIR}, set by {@code run-example.sh}, which changes directory),
     * or against this process' working directory when that is not set.
     */
    Path userPath(Path path) {
        String userDirectory = env.get(USER_DIR);
        if (path.isAbsolute() || userDirectory == null || userDirectory.isBlank()) {
            return path.toAbsolutePath();
        }
        return Path.of(userDirectory).resolve(path).normalize();
    }

    InputStream in() {
        return in;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }
}
