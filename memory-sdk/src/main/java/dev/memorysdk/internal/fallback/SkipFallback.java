package dev.memorysdk.internal.fallback;

import dev.memorysdk.FallbackPolicy;
import java.util.function.Supplier;

/** {@link FallbackPolicy#SKIP}: calls go on without memory and keep nothing. Thread-safe. */
final class SkipFallback extends KeepsNothing {

    @Override
    public FallbackPolicy policy() {
        return FallbackPolicy.SKIP;
    }

    @Override
    public <T> T answer(String call, RuntimeException failure, Supplier<T> degraded) {
        return degraded.get();
    }
}
