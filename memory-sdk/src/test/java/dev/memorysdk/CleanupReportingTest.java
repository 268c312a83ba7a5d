package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.testsupport.MemoryExtension;
import dev.memorysdk.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cleanup runs batch by batch and reports what it deleted, also when a later batch fails. */
class CleanupReportingTest {

    @RegisterExtension
    static final MemoryExtension FIXTURE = MemoryExtension.withConfig(config -> config
            .cleanupBatchSize(2).fallbackPolicy(FallbackPolicy.FAIL));

    @Test
    void aBatchThatFailsAfterOthersSucceededEndsTheRunAndTheDeletedSessionsAreReported() {
        TestDatabase database = FIXTURE.database();
        for (int i = 1; i <= 4; i++) {
            database.update("INSERT INTO session_memory (session_id, updated_at) VALUES (?, now() - interval '3 days')",
                    "expired-" + i);
        }
        database.update("INSERT INTO session_memory (session_id, updated_at) VALUES ('refused', now() - interval '2 days')");
        database.execute("""
                CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF OLD.session_id = 'refused' THEN
                    RAISE EXCEPTION 'not this one' USING ERRCODE = 'XX000';
                  END IF;
                  RETURN OLD;
                END $$""");
        database.execute("CREATE TRIGGER refuse_delete BEFORE DELETE ON session_memory "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_delete()");
        try {
            assertThat(FIXTURE.memory().cleanupExpiredSessions()).isEqualTo(4);
            assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isEqualTo(1);
            assertThatThrownBy(() -> FIXTURE.memory().cleanupExpiredSessions())
                    .as("a first batch that fails is the caller's failure")
                    .isInstanceOf(MemoryException.class).hasMessageContaining("cleanupExpiredSessions");
        } finally {
            database.execute("DROP TRIGGER refuse_delete ON session_memory");
            database.execute("DROP FUNCTION refuse_delete()");
        }
    }
}
