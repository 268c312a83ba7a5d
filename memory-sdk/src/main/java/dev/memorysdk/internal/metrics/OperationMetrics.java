package dev.memorysdk.internal.metrics;

/** Records the outcome and duration of memory operations. Implementations are thread-safe. */
public interface OperationMetrics {

    /** Records nothing: used when the application gave no meter registry. */
    OperationMetrics NONE = new OperationMetrics() {
        @Override
        public void record(String operation, Outcome outcome, long durationNanos) {
        }

        @Override
        public void recordBuffered(String operation) {
        }
    };

    /** How an operation ended. */
    enum Outcome {
        /** The database did it. */
        SUCCESS,
        /** The database was unavailable and the fallback policy answered. */
        UNAVAILABLE,
        /** The database refused the operation. */
        ERROR
    }

    void record(String operation, Outcome outcome, long durationNanos);

    /** Records an operation answered by the outage buffer without calling the database. */
    void recordBuffered(String operation);
}
