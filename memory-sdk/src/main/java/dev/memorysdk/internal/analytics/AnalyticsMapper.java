package dev.memorysdk.internal.analytics;

import dev.memorysdk.SessionStats;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Param;

/** The statements of {@code AnalyticsMapper.xml}, each with the reason for its shape there. */
interface AnalyticsMapper {

    long activeSessions(@Param("since") OffsetDateTime since);

    List<Map<String, Object>> turnsPerSession();

    List<Map<String, Object>> activityPerDay(@Param("since") OffsetDateTime since, @Param("sinceText") String sinceText);

    Map<String, Object> storedBytes(@Param("distributed") boolean distributed);

    List<Map<String, Object>> topMetadataValues(@Param("key") String key, @Param("since") OffsetDateTime since,
                                                @Param("limit") int limit);

    List<SessionStats> findSessions(@Param("idContains") String idContains, @Param("offset") int offset,
                                    @Param("limit") int limit);
}
