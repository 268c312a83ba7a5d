package dev.memorysdk.example.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a killed run leaves in a data directory: a {@code postmaster.pid} whose server is
 * gone, or an orphaned server still running on it. Call only while no live app uses the directory
 * (checked with its lock file first), otherwise a running instance's server would be stopped.
 */
final class StalePostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);
    private static final long STOP_WAIT_SECONDS = 15;

    private StalePostmaster() {
    }

    static void clear(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(StalePostmaster::isPostgres);
        if (server.isPresent()) {
            LOG.warn("Stopping PostgreSQL server {} left running on {} by an earlier run", pid.get(), dataDirectory);
            stop(server.get());
        } else {
            LOG.info("Removing stale {} (process {} is gone)", pidFile, pid.get());
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException failure) {
            throw new DatabaseStartException("could not remove stale " + pidFile + ": " + failure.getMessage(), failure);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException | NumberFormatException unreadable) {
            // PostgreSQL itself rewrites an unreadable pid file once nothing runs on the directory.
            LOG.debug("Ignoring unreadable {}", pidFile, unreadable);
            return Optional.empty();
        }
    }

    // A reused PID belonging to some other program must be left alone.
    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    }

    private static void stop(ProcessHandle server) {
        // SIGTERM is PostgreSQL's "smart" shutdown; its clients died with the earlier run.
        server.destroy();
        try {
            server.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException stillRunning) {
            server.destroyForcibly();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DatabaseStartException("interrupted while stopping the stale PostgreSQL server " + server.pid());
        }
    }
}
