package dev.memorysdk.example.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends the log to a file while an interactive command runs, so that a library's warning (HikariCP's
 * advice on {@code maxLifetime} during an outage, say) is not written into the middle of the prompt on
 * the terminal; {@link #close()} puts the console back. Only the root logger's console appenders move.
 * Nothing changes when SLF4J is bound to another backend than Logback. Not thread-safe: one per run.
 */
final class LogToFile implements AutoCloseable {

    /** Leaves the log where it is. */
    static final LogToFile NONE = new LogToFile(null, List.of(), null);

    /** The same line as on the console, with the date: a file outlives the day. */
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private final Logger root;
    private final List<Appender<ILoggingEvent>> consoles;
    private final FileAppender<ILoggingEvent> file;

    private LogToFile(Logger root, List<Appender<ILoggingEvent>> consoles, FileAppender<ILoggingEvent> file) {
        this.root = root;
        this.consoles = consoles;
        this.file = file;
    }

    /**
     * Appends the log to {@code path} (creating its directory) instead of the console until closed.
     *
     * @throws UncheckedIOException if the file cannot be created or written
     */
    static LogToFile start(Path path) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return NONE;
        }
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot create the directory of the log file " + path, failure);
        }
        FileAppender<ILoggingEvent> file = fileAppender(context, path);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof ConsoleAppender) {
                consoles.add(appender);
            }
        });
        root.addAppender(file);
        consoles.forEach(root::detachAppender);
        return new LogToFile(root, consoles, file);
    }

    private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path path) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("log-file");
        file.setFile(path.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        if (!file.isStarted()) {
            throw new UncheckedIOException("cannot write the log file " + path,
                    new IOException("Logback's file appender did not start"));
        }
        return file;
    }

    /** Puts the console appenders back and closes the file. */
    @Override
    public void close() {
        if (root == null) {
            return;
        }
        consoles.forEach(root::addAppender);
        root.detachAppender(file);
        file.stop();
    }
}
