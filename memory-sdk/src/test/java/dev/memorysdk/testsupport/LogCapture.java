package dev.memorysdk.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.ArrayList;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects what one logger logs, from any thread, until closed. For tests that assert what an
 * operator would see in the log.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts collecting the events of the logger of {@code type}. */
    public static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    /** Starts collecting what every logger logs at its configured level (INFO and above in tests). */
    public static LogCapture everything() {
        return of(Logger.ROOT_LOGGER_NAME);
    }

    private static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
        capture.setContext(capture.logger.getLoggerContext());
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    /** Every formatted message, and the message of every exception logged with one (causes included). */
    public List<String> allText() {
        List<String> text = new ArrayList<>();
        for (ILoggingEvent event : events) {
            text.add(event.getFormattedMessage());
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                text.add(thrown.getClassName() + ": " + thrown.getMessage());
            }
        }
        return text;
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** The formatted messages logged at {@code level}, in order. */
    public List<String> messages(Level level) {
        return events.stream().filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
