package dev.memorysdk.internal.fallback;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.internal.resilience.FailureClassifier;
import java.util.function.Supplier;

/** {@link FallbackPolicy#FAIL}: every call the database cannot answer throws. Thread-safe. */
final class FailFallback extends KeepsNothing {

    @Override
    public FallbackPolicy policy() {
        return FallbackPolicy.FAIL;
    }

    @Override
    public <T> T answer(String call, RuntimeException failure, Supplier<T> degraded) {
        throw new MemoryUnavailableException(call + " failed: the database is unavailable ("
                + FailureClassifier.describe(failure) + ")", failure);
    }
}
