package dev.memorysdk.example.cli;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.example.database.MemoryBackend;
import dev.memorysdk.example.redis.ImportCheckpoint;
import dev.memorysdk.example.redis.ImportProgress;
import dev.memorysdk.example.redis.RedisLayout;
import dev.memorysdk.example.redis.RedisSessionReader;
import dev.memorysdk.example.redis.Retention;
import dev.memorysdk.example.redis.RedisSessionReader.Batch;
import dev.memorysdk.example.redis.SessionImporter;
import dev.memorysdk.example.redis.SessionVerifier;
import dev.memorysdk.example.redis.TurnFields;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** {@code import-redis}: copies sessions from Redis into memory, resumably; or verifies a copy. */
@Command(name = "import-redis", mixinStandardHelpOptions = true,
        description = {
            "Copies sessions from Redis (found with SCAN) into memory. Each key is one session, stored whole "
                    + "with addAllToMemory, so a re-run stores nothing twice; a key's expiry is kept, and a key "
                    + "without one keeps its turns (see --retention). Keys that cannot be read are reported and skipped.",
            "An interrupted import resumes from its checkpoint file. --verify compares instead of copying."})
final class ImportRedisCommand implements Callable<Integer> {

    private static final int MAX_LISTED = 20;

    @ParentCommand
    private ExampleApp app;

    @Spec
    private CommandSpec spec;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--redis-url", required = true, paramLabel = "URL",
            description = "Redis to read, redis://[user:password@]host:port[/db]")
    private String redisUrl;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "LIST",
            description = "How a session is kept: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
    private RedisLayout layout;

    @Option(names = "--match", paramLabel = "PATTERN", defaultValue = "session:*",
            description = "SCAN MATCH pattern of the session keys. Default: ${DEFAULT-VALUE}")
    private String keyPattern;

    @Option(names = "--session-id", paramLabel = "REGEX", defaultValue = "session:(.+)",
            description = "Regular expression over the whole key; its first group is the session id. "
                    + "Default: ${DEFAULT-VALUE}")
    private String sessionIdRegex;

    @Option(names = "--query-field", defaultValue = "query", paramLabel = "NAME",
            description = "JSON field of the user's text. Default: ${DEFAULT-VALUE}")
    private String queryField;

    @Option(names = "--answer-field", defaultValue = "answer", paramLabel = "NAME",
            description = "JSON field of the answer. Default: ${DEFAULT-VALUE}")
    private String answerField;

    @Option(names = "--timestamp-field", defaultValue = "timestamp", paramLabel = "NAME",
            description = "JSON field of the time, ISO-8601 or epoch seconds. Default: ${DEFAULT-VALUE}")
    private String timestampField;

    @Option(names = "--id-field", defaultValue = "id", paramLabel = "NAME",
            description = "JSON field of the turn id; turns without one get an id derived from their content. "
                    + "Default: ${DEFAULT-VALUE}")
    private String idField;

    @Option(names = "--max-turn-chars", defaultValue = "100000", paramLabel = "N",
            description = "Larger turns (query plus answer) are reported and their session skipped. "
                    + "Default: ${DEFAULT-VALUE}")
    private int maxTurnChars;

    @Option(names = "--batch", defaultValue = "500", paramLabel = "N",
            description = "SCAN COUNT hint: keys read per round trip. Default: ${DEFAULT-VALUE}")
    private int batchSize;

    @Option(names = "--threads", defaultValue = "4", paramLabel = "N",
            description = "Sessions written at the same time. Default: ${DEFAULT-VALUE}")
    private int threads;

    @Option(names = "--checkpoint", paramLabel = "FILE", defaultValue = "import-redis.checkpoint",
            description = "Where the SCAN cursor is kept; an import resumes from it and removes it when done. "
                    + "Default: ${DEFAULT-VALUE}")
    private Path checkpointFile;

    @Option(names = "--retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the turns of a key without a Redis expiry are kept, measured from each turn's "
                    + "timestamp (90s, 15m, 2h, 7d or ISO-8601). Default: as long as the store allows (3650 days). "
                    + "A key with an expiry keeps it.")
    private Duration retention;

    @Option(names = "--dry-run", description = "Read and check everything, write nothing.")
    private boolean dryRun;

    @Option(names = "--verify", description = "Compare Redis with what is stored instead of importing: every "
            + "session's turn count, and the turns of a sample.")
    private boolean verify;

    @Option(names = "--sample", defaultValue = "1000", paramLabel = "N",
            description = "With --verify: sessions whose turns are compared one by one. Default: ${DEFAULT-VALUE}")
    private int sample;

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        URI uri = URI.create(redisUrl);
        PrintWriter out = app.out();
        try (Jedis redis = new Jedis(uri);
             MemoryBackend backend = dryRun ? null : backendOptions.open(app, null, app.err())) {
            RedisSessionReader reader = new RedisSessionReader(redis, layout, keyPattern, Pattern.compile(sessionIdRegex),
                    new TurnFields(queryField, answerField, timestampField, idField), maxTurnChars, batchSize);
            ImportProgress progress = new ImportProgress(app.err(), System.console() != null, reader.keyCount());
            Retention kept = retention();
            if (verify) {
                Thread stopNotice = stopNotice("import-redis --verify stopped before it finished: no report");
                try {
                    return verify(reader, new SessionVerifier(backend.memory(), sample, kept), progress, out);
                } finally {
                    removeStopNotice(stopNotice);
                }
            }
            ExecutorService writers = Executors.newFixedThreadPool(threads);
            try {
                return copy(reader, backend == null ? null : new SessionImporter(backend.memory(), writers, kept),
                        progress, out);
            } finally {
                writers.shutdownNow();
            }
        } catch (JedisException e) {
            throw new IllegalStateException("Redis at " + uri.getHost() + ":" + uri.getPort() + " failed: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private void checkOptions() {
        if (dryRun && verify) {
            throw new ParameterException(spec.commandLine(), "--dry-run and --verify cannot be combined");
        }
        URI uri;
        try {
            uri = URI.create(redisUrl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--redis-url is not a URL");
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--redis-url must look like redis://host:port");
        }
        try {
            Pattern.compile(sessionIdRegex);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--session-id is not a regular expression: " + e.getDescription());
        }
        requireAtLeastOne("--batch", batchSize);
        requireAtLeastOne("--threads", threads);
        requireAtLeastOne("--max-turn-chars", maxTurnChars);
        try {
            retention();
        } catch (IllegalArgumentException outOfRange) {
            throw new ParameterException(spec.commandLine(), "--" + outOfRange.getMessage());
        }
        if (sample < 0) {
            throw new ParameterException(spec.commandLine(), "--sample must not be negative, was " + sample);
        }
    }

    // The app's memory runs with the SDK's default cap on turns per session.
    private Retention retention() {
        return new Retention(retention == null ? Retention.KEEP_AS_LONG_AS_POSSIBLE : retention,
                MemoryConfig.DEFAULT_MAX_CONTEXT_LENGTH);
    }

    private void requireAtLeastOne(String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, was " + value);
        }
    }

    private int copy(RedisSessionReader reader, SessionImporter importer, ImportProgress progress, PrintWriter out)
            throws InterruptedException {
        ImportCheckpoint checkpoint = new ImportCheckpoint(app.userPath(checkpointFile));
        String cursor = dryRun ? "0" : checkpoint.cursor();
        if (!"0".equals(cursor)) {
            out.println("Resuming from the checkpoint in " + checkpoint.file());
        }
        Thread stopNotice = stopNotice(dryRun ? "import-redis --dry-run stopped before it finished"
                : "import-redis stopped before it finished; run the same command again to resume from the checkpoint in "
                        + checkpoint.file());
        try {
            copyBatches(reader, importer, progress, out, checkpoint, cursor);
        } finally {
            removeStopNotice(stopNotice);
        }
        return ExitCodes.OK;
    }

    private void copyBatches(RedisSessionReader reader, SessionImporter importer, ImportProgress progress,
                             PrintWriter out, ImportCheckpoint checkpoint, String firstCursor)
            throws InterruptedException {
        String cursor = firstCursor;
        long stored = 0;
        Batch batch;
        do {
            batch = reader.next(cursor);
            report(out, batch.badKeys(), batch.problems());
            long errors = batch.badKeys().size();
            if (importer != null) {
                SessionImporter.Outcome outcome = importer.write(batch.sessions());
                report(out, outcome.refusedKeys(), outcome.problems());
                stored += outcome.turnsStored();
                errors += outcome.refusedKeys().size();
                checkpoint.save(batch.cursor());
            }
            progress.add(batch.sessions().size() + batch.badKeys().size(),
                    batch.sessions().stream().mapToLong(session -> session.turns().size()).sum(), errors);
            cursor = batch.cursor();
        } while (!batch.last());
        if (importer != null) {
            checkpoint.clear();
        }
        out.printf("%s %,d of %,d keys: %,d turns read, %,d turns stored, %,d keys skipped, %,.0f keys/s%n",
                dryRun ? "Dry run: would import" : "Imported", progress.keys() - progress.errors(), progress.keys(),
                progress.turns(), stored, progress.errors(), progress.keysPerSecond());
    }

    // SIGTERM or Ctrl-C ends the JVM without returning here (its exit code is then 128 + the signal's
    // number): the hook says on the way out that the work is unfinished and how to go on.
    private Thread stopNotice(String message) {
        PrintWriter err = app.err();
        Thread notice = new Thread(() -> {
            err.println(System.lineSeparator() + message);
            err.flush();
        }, "import-redis-stopped");
        Runtime.getRuntime().addShutdownHook(notice);
        return notice;
    }

    private static void removeStopNotice(Thread notice) {
        try {
            Runtime.getRuntime().removeShutdownHook(notice);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is stopping: the notice is running or has run.
        }
    }

    private int verify(RedisSessionReader reader, SessionVerifier verifier, ImportProgress progress, PrintWriter out) {
        String cursor = "0";
        Batch batch;
        do {
            batch = reader.next(cursor);
            verifier.check(batch.sessions());
            progress.add(batch.sessions().size() + batch.badKeys().size(),
                    batch.sessions().stream().mapToLong(session -> session.turns().size()).sum(), batch.badKeys().size());
            cursor = batch.cursor();
        } while (!batch.last());
        List<String> mismatches = verifier.mismatches();
        out.printf("Verified %,d sessions (%,d turns in Redis; turns compared in %,d): %,d mismatches, "
                        + "%,d keys unreadable%n",
                verifier.compared(), progress.turns(), verifier.sampled(), mismatches.size(), progress.errors());
        mismatches.stream().limit(MAX_LISTED).forEach(line -> out.println("  " + line));
        if (mismatches.size() > MAX_LISTED) {
            out.printf("  ... and %,d more%n", mismatches.size() - MAX_LISTED);
        }
        return mismatches.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void report(PrintWriter out, List<String> keys, List<String> problems) {
        for (int i = 0; i < keys.size(); i++) {
            out.println("skipped " + keys.get(i) + ": " + problems.get(i));
        }
    }
}
