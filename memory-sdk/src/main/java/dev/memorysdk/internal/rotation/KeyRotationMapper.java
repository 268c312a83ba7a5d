package dev.memorysdk.internal.rotation;

import dev.memorysdk.internal.store.Jsonb;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The statements of {@code KeyRotationMapper.xml}, each with the reason for its shape there. */
interface KeyRotationMapper {

    /** Up to {@code limit} sessions whose id sorts after {@code afterSessionId}, in id order. */
    List<StoredHistory> selectBatchAfter(@Param("afterSessionId") String afterSessionId, @Param("limit") int limit);

    /**
     * Replaces the stored elements equal to a replacement's {@code old_elem}; returns how many
     * replacements the row now holds, or null when nothing was written.
     */
    Integer replaceTurns(@Param("sessionId") String sessionId, @Param("replacements") Jsonb replacements);
}
