package dev.memorysdk.internal.fallback;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.internal.buffer.BufferReplayer;
import dev.memorysdk.internal.buffer.BufferReplayer.BatchAppender;
import dev.memorysdk.internal.buffer.OutageBuffer;
import dev.memorysdk.internal.buffer.OutageBuffer.PendingTurn;
import dev.memorysdk.internal.metrics.MicrometerMetrics;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link FallbackPolicy#BUFFER}: turns the database cannot take are kept in the outage buffer it
 * owns and written later, in order, by its replay. Thread-safe.
 */
final class BufferFallback implements Fallback {

    private final OutageBuffer buffer;
    private final BufferReplayer replayer;

    BufferFallback(int capacity, long maxBytes, BatchAppender store, DatabaseGuard guard) {
        this.buffer = new OutageBuffer(capacity, maxBytes);
        this.replayer = new BufferReplayer(buffer, store, guard);
    }

    @Override
    public FallbackPolicy policy() {
        return FallbackPolicy.BUFFER;
    }

    @Override
    public <T> T answer(String call, RuntimeException failure, Supplier<T> degraded) {
        return degraded.get();
    }

    @Override
    public boolean keep(String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        return buffer.addAll(sessionId, turns, encodedTurns);
    }

    @Override
    public boolean hasKept(String sessionId) {
        return buffer.hasPending(sessionId);
    }

    @Override
    public List<Interaction> keptFor(String sessionId) {
        List<PendingTurn> pending = buffer.pendingFor(sessionId);
        List<Interaction> turns = new ArrayList<>(pending.size());
        pending.forEach(turn -> turns.add(turn.turn()));
        return turns;
    }

    @Override
    public boolean writeBehindKept(String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        return replayer.writeBehindBuffered(sessionId, turns, encodedTurns) == BufferReplayer.BehindBuffered.WRITTEN;
    }

    @Override
    public <T> T whileNotReplaying(String sessionId, Supplier<T> action) {
        return replayer.whileNotReplaying(sessionId, action);
    }

    @Override
    public <T> T whileNotReplaying(Supplier<T> action) {
        return replayer.whileNotReplaying(action);
    }

    @Override
    public int forget(String sessionId) {
        return buffer.removeSession(sessionId);
    }

    @Override
    public void forgetAll() {
        for (String sessionId : buffer.sessionsInArrivalOrder()) {
            buffer.removeSession(sessionId);
        }
    }

    @Override
    public void replay() {
        replayer.replayAll();
    }

    @Override
    public void stopReplay() {
        replayer.stop();
    }

    @Override
    public void seal() {
        buffer.seal();
    }

    @Override
    public RuntimeException replayOnClose() {
        return buffer.isEmpty() ? null : replayer.replayOnClose();
    }

    @Override
    public boolean keepsTurns() {
        return true;
    }

    @Override
    public int keptCount() {
        return buffer.size();
    }

    @Override
    public long refusedWhenFull() {
        return buffer.refusedWhenFullCount();
    }

    @Override
    public int sessionsSetAside() {
        return replayer.setAsideCount();
    }

    @Override
    public void bindMeters(MicrometerMetrics metrics) {
        metrics.bind(buffer, replayer);
    }
}
