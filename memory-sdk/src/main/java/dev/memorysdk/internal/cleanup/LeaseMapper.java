package dev.memorysdk.internal.cleanup;

import org.apache.ibatis.annotations.Param;

/** Statements of {@code session_memory_lease}; the SQL and the reason for its shape are in {@code LeaseMapper.xml}. */
interface LeaseMapper {

    /** Takes the lease {@code name} for {@code seconds}; returns {@code holder} when taken, null when someone else holds it. */
    String tryTake(@Param("name") String name, @Param("holder") String holder, @Param("seconds") double seconds);

    /** The current holder of {@code name}, or null when it was never taken. */
    String holder(@Param("name") String name);
}
