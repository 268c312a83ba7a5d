package dev.memorysdk.bench;

import dev.memorysdk.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The load tool's command line. Without options it runs the quick version (about 13 minutes: each
 * scenario's window as long as the hot paths' reference command gives it, since shorter windows gave
 * ratios outside that command's spread);
 * {@code --full} runs the figures of docs/performance.md. Any option given explicitly overrides
 * the preset.
 */
@Command(name = "memory-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the SDK against raw JDBC of its own statements and against other session stores, "
                + "all on one PostgreSQL database, and prints throughput, latency percentiles and ratios.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--full", description = "Run every scenario group with long windows and 1,000,000 expired rows.")
    boolean full;

    @Option(names = "--threads", description = "Concurrent callers per scenario (default 16).")
    Integer threads;

    @Option(names = "--sessions", description = "Sessions per scenario (default 10000: fewer sessions reach the cap "
            + "sooner and change the ratios).")
    Integer sessions;

    @Option(names = "--history", description = "Turns pre-filled in every session (default 20).")
    Integer historyTurns;

    @Option(names = "--payload-bytes", description = "Query plus answer length of a turn (default 500).")
    Integer payloadBytes;

    @Option(names = "--max-context", description = "The SDK's maxContextLength (default 50).")
    Integer maxContextLength;

    @Option(names = "--context-limit", description = "Turns a context read asks for (default 5).")
    Integer contextLimit;

    @Option(names = "--batch-size", description = "Turns per batch append (default 5).")
    Integer batchSize;

    @Option(names = "--duration", description = "Recorded seconds per scenario (default: quick 12, full 15).")
    Integer durationSeconds;

    @Option(names = "--warmup", description = "Unrecorded seconds before each scenario (default: quick 4, full 5).")
    Integer warmupSeconds;

    @Option(names = "--rounds", description = "Compared scenarios take turns in this many slices of their window "
            + "(default: quick 4, full 5).")
    Integer rounds;

    @Option(names = "--growth-sessions", description = "Sessions per history length of the growth curve (default 200).")
    Integer growthSessions;

    @Option(names = "--cleanup-rows", description = "Expired sessions for the cleanup (default: quick 100000, "
            + "full 1000000).")
    Integer cleanupRows;

    @Option(names = "--cleanup-schemas", split = ",", description = "Schema variants the cleanup runs on "
            + "(default tuned; full: tuned,seed).")
    List<String> cleanupVariants;

    @Option(names = "--scenarios", split = ",", description = "Scenario groups: context, append, lost-updates, "
            + "schema, growth, cleanup, scaling, citus, frameworks, encryption, cost (default: quick context,append,lost-updates,"
            + "cleanup; full all but scaling and citus).")
    List<String> groups;

    @Option(names = "--database-url", description = "An existing PostgreSQL (jdbc:postgresql://... or "
            + "postgresql://user:pass@host/db); its schemas bench_* are dropped and recreated. Default: embedded.")
    String databaseUrl;

    @Option(names = "--user", description = "User for --database-url.")
    String user;

    @Option(names = "--password", description = "Password for --database-url.", arity = "0..1", interactive = true)
    String password;

    @Option(names = "--pgbouncer-url", description = "The same database through PgBouncer in transaction mode "
            + "(jdbc:postgresql://...?prepareThreshold=0), for the scaling group. Its pgbouncer.ini needs "
            + "ignore_startup_parameters = extra_float_digits,search_path and, in the database entry, "
            + "connect_query='SET search_path = bench_scaling'.")
    String pgbouncerUrl;

    @Option(names = "--replica-url", description = "A streaming replica of the same database "
            + "(jdbc:postgresql://...), for the scaling group.")
    String replicaUrl;

    @Option(names = "--citus-url", description = "A Citus coordinator's database (jdbc:postgresql://...; same user and "
            + "password as --database-url), for the citus group: the SDK on a table distributed by session_id there "
            + "against the run's database.")
    String citusUrl;

    @Option(names = "--output", description = "Also write the report (Markdown) to this file.")
    Path output;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = settings();
        try (BenchDatabase database = database()) {
            String markdown = new BenchRun(database, settings, commandLine()).run();
            System.out.println(markdown);
            if (output != null) {
                Files.writeString(output, markdown);
            }
        }
        return 0;
    }

    /** The settings: the preset, overridden by every option given. */
    BenchSettings settings() {
        Set<String> chosenGroups = new LinkedHashSet<>(groups != null ? groups : full
                ? List.of("context", "append", "lost-updates", "schema", "growth", "cleanup", "frameworks")
                : List.of("context", "append", "lost-updates", "cleanup"));
        Set<String> cleanupOn = new LinkedHashSet<>(cleanupVariants != null ? cleanupVariants
                : full ? List.of("tuned", "seed") : List.of("tuned"));
        return new BenchSettings(
                positive("threads", or(threads, 16)),
                positive("sessions", or(sessions, 10_000)),
                or(historyTurns, 20),
                positive("payload-bytes", or(payloadBytes, 500)),
                positive("max-context", or(maxContextLength, 50)),
                positive("context-limit", or(contextLimit, 5)),
                positive("batch-size", or(batchSize, 5)),
                Duration.ofSeconds(or(warmupSeconds, full ? 5 : 4)),
                Duration.ofSeconds(positive("duration", or(durationSeconds, full ? 15 : 12))),
                positive("rounds", or(rounds, full ? 5 : 4)),
                positive("growth-sessions", or(growthSessions, 200)),
                positive("cleanup-rows", or(cleanupRows, full ? 1_000_000 : 100_000)),
                chosenGroups, cleanupOn, pgbouncerUrl, replicaUrl, citusUrl);
    }

    private BenchDatabase database() {
        if (databaseUrl == null) {
            return BenchDatabase.embedded();
        }
        DatabaseUrl url = DatabaseUrl.parse("--database-url", databaseUrl);
        return BenchDatabase.external(url.jdbcUrl(), user != null ? user : url.username(),
                password != null ? password : url.password());
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return args.isEmpty() ? "(no options: quick)" : String.join(" ", args);
    }

    private static int or(Integer value, int preset) {
        return value != null ? value : preset;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(new CommandLine(new BenchCommand()),
                    "--" + option + " must be at least 1, was " + value);
        }
        return value;
    }
}
