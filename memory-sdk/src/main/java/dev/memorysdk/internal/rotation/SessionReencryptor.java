package dev.memorysdk.internal.rotation;

import dev.memorysdk.Interaction;
import dev.memorysdk.KeyRotation;
import dev.memorysdk.MemoryDecryptionException;
import dev.memorysdk.MemoryException;
import dev.memorysdk.RotationProgress;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.resilience.FailureClassifier;
import dev.memorysdk.internal.store.Jsonb;
import dev.memorysdk.internal.store.MapperCalls;
import dev.memorysdk.internal.write.TurnEncoder;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.session.AutoMappingBehavior;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KeyRotation} of a manager with encryption: moves stored turns to their session's
 * current key. Reads sessions in id order, a batch at a
 * time, re-encrypts in the JVM each turn under an older key (and, when asked, each plain turn)
 * through the {@link TurnEncoder} every write uses, and
 * writes each session back with one statement that replaces only the elements still stored exactly
 * as read. Each statement is its own short transaction. Thread-safe.
 */
public final class SessionReencryptor implements KeyRotation {

    private static final Logger LOG = LoggerFactory.getLogger(SessionReencryptor.class);

    private final SqlSessionFactory factory;
    private final InteractionCodec codec;
    private final TurnEncoder turns;

    public SessionReencryptor(DataSource dataSource, Duration statementTimeout, String tenant, InteractionCodec codec,
                              TurnEncoder turns) {
        Configuration configuration = MapperCalls.configuration("memory-sdk-rotation", dataSource,
                statementTimeout, tenant, KeyRotationMapper.class);
        configuration.setAutoMappingBehavior(AutoMappingBehavior.NONE);
        this.factory = new SqlSessionFactoryBuilder().build(configuration);
        this.codec = codec;
        this.turns = turns;
    }

    @Override
    public RotationProgress rewriteBatch(String afterSessionId, int maxSessions, boolean includePlain) {
        if (maxSessions < 1 || maxSessions > MAX_BATCH_SESSIONS) {
            throw new IllegalArgumentException("maxSessions must be between 1 and " + MAX_BATCH_SESSIONS
                    + ", was " + maxSessions);
        }
        String after = afterSessionId == null ? "" : afterSessionId;
        List<StoredHistory> batch = run("reading sessions after '" + after + "'",
                mapper -> mapper.selectBatchAfter(after, maxSessions));
        RotationProgress progress = RotationProgress.start(after);
        for (StoredHistory session : batch) {
            progress = progress.plus(rewrite(session, includePlain));
        }
        return progress.finishedBatch(batch.size() < maxSessions);
    }

    private RotationProgress rewrite(StoredHistory session, boolean includePlain) {
        String sessionId = session.sessionId();
        StringBuilder replacements = new StringBuilder("[");
        int planned = 0;
        int unreadable = 0;
        MemoryDecryptionException firstUnreadable = null;
        List<String> elements = session.history() == null ? List.of()
                : codec.objectElementTexts(session.history().json());
        for (String element : elements) {
            Interaction turn;
            try {
                turn = codec.toReseal(sessionId, element, includePlain);
            } catch (MemoryDecryptionException unreadableTurn) {
                unreadable++;
                firstUnreadable = firstUnreadable == null ? unreadableTurn : firstUnreadable;
                continue;
            }
            String resealed = turn == null ? null : storable(sessionId, turn);
            if (resealed == null && turn != null) {
                unreadable++;
            } else if (resealed != null) {
                replacements.append(planned++ == 0 ? "" : ",")
                        .append("{\"old_elem\":").append(element).append(",\"new_elem\":").append(resealed).append('}');
            }
        }
        if (firstUnreadable != null) {
            LOG.warn("Key rotation: {} turn(s) of session {} cannot be decrypted and are left as stored ({})",
                    unreadable, sessionId, firstUnreadable.getMessage());
        }
        int rewritten = 0;
        if (planned > 0) {
            Jsonb changes = new Jsonb(replacements.append(']').toString());
            Integer written = run("rewriting session " + sessionId, mapper -> mapper.replaceTurns(sessionId, changes));
            rewritten = written == null ? 0 : written;
        }
        return new RotationProgress(sessionId, 1, rewritten > 0 ? 1 : 0, rewritten, unreadable, false);
    }

    /**
     * The turn encoded for storage under the current key, or null when it fails the checks of a
     * new write (a plain turn stored before them): it is then left as stored.
     */
    private String storable(String sessionId, Interaction turn) {
        try {
            return turns.encode(sessionId, turn);
        } catch (IllegalArgumentException refused) {
            LOG.warn("Key rotation: turn {} of session {} fails the checks of a new turn and is left as stored",
                    turn.id(), sessionId);
            return null;
        }
    }

        private <T> T run(String what, Function<KeyRotationMapper, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(session.getMapper(KeyRotationMapper.class));
        } catch (RuntimeException failure) {
            throw new MemoryException("key rotation: " + what + " failed: " + FailureClassifier.describe(failure), failure);
        }
    }
}
