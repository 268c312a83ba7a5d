package dev.memorysdk.internal;

import dev.memorysdk.internal.resilience.FailureClassifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts a start-up has made, each registered as it is made and closed in reverse order: on a
 * failed start, so nothing it made is left running, and on close. One part failing to close does
 * not keep the others open. Not thread-safe: start-up and close are each one thread's work.
 */
final class StartedParts {

    private static final Logger LOG = LoggerFactory.getLogger(StartedParts.class);

    private final Deque<Named> parts = new ArrayDeque<>();

    /** Registers {@code part}, just made, to be released by {@code closer}; returns {@code part}. */
    <T> T add(String name, T part, Consumer<T> closer) {
        parts.push(new Named(name, () -> closer.accept(part)));
        return part;
    }

    /** Closes every part registered, the last made first; each once. */
    void closeAll() {
        while (!parts.isEmpty()) {
            Named part = parts.pop();
            try {
                part.closer().run();
            } catch (RuntimeException failure) {
                LOG.warn("Closing the {} failed: {}", part.name(), FailureClassifier.describe(failure));
            }
        }
    }

    private record Named(String name, Runnable closer) {
    }
}
