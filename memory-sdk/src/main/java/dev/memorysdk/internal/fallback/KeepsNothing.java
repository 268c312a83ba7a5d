package dev.memorysdk.internal.fallback;

import dev.memorysdk.Interaction;
import dev.memorysdk.internal.metrics.MicrometerMetrics;
import java.util.List;
import java.util.function.Supplier;

/** A fallback that keeps no turn: nothing to write behind, replay, forget or count. Thread-safe. */
abstract class KeepsNothing implements Fallback {

    @Override
    public boolean keep(String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        return false;
    }

    @Override
    public boolean hasKept(String sessionId) {
        return false;
    }

    @Override
    public List<Interaction> keptFor(String sessionId) {
        return List.of();
    }

    @Override
    public boolean writeBehindKept(String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        return false;
    }

    @Override
    public <T> T whileNotReplaying(String sessionId, Supplier<T> action) {
        return action.get();
    }

    @Override
    public <T> T whileNotReplaying(Supplier<T> action) {
        return action.get();
    }

    @Override
    public int forget(String sessionId) {
        return 0;
    }

    @Override
    public void forgetAll() {
    }

    @Override
    public void replay() {
    }

    @Override
    public void stopReplay() {
    }

    @Override
    public void seal() {
    }

    @Override
    public RuntimeException replayOnClose() {
        return null;
    }

    @Override
    public boolean keepsTurns() {
        return false;
    }

    @Override
    public int keptCount() {
        return 0;
    }

    @Override
    public long refusedWhenFull() {
        return 0;
    }

    @Override
    public int sessionsSetAside() {
        return 0;
    }

    @Override
    public void bindMeters(MicrometerMetrics metrics) {
    }
}
