/**
 * Session memory for LLM orchestrators on PostgreSQL.
 *
 * <p>Exports the API ({@code dev.memorysdk}, {@code dev.memorysdk.crypto}) and the PostgreSQL facade
 * that builds a manager ({@code dev.memorysdk.postgres}); everything under
 * {@code dev.memorysdk.internal} is the implementation and may change in any release. The packages
 * holding mapper interfaces, their XML and the types the XML names are open to MyBatis, which reads
 * the XML as a resource of the mapper's package and builds results by reflection. The packaged
 * migrations are open to every module, so a schema tool (Flyway) finds them at
 * {@code dev.memorysdk.postgres.MemorySchema#LOCATION}. Micrometer and its Resilience4j binding are
 * optional: a manager without a meter registry never loads them, and a module using the SDK reads
 * Micrometer only if it passes a registry. Most dependencies are automatic modules (named by their
 * manifests).
 */
@SuppressWarnings("requires-automatic")
module dev.memorysdk {
    requires transitive java.sql;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires com.zaxxer.hikari;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires org.mybatis;
    requires org.postgresql.jdbc;
    requires org.slf4j;
    requires static micrometer.core;
    requires static io.github.resilience4j.micrometer;

    exports dev.memorysdk;
    exports dev.memorysdk.crypto;
    exports dev.memorysdk.postgres;

    opens dev.memorysdk.internal.analytics to org.mybatis;
    opens dev.memorysdk.internal.cleanup to org.mybatis;
    opens dev.memorysdk.internal.rotation to org.mybatis;
    opens dev.memorysdk.internal.store to org.mybatis;
    opens dev.memorysdk.sql;
    opens dev.memorysdk.sql.optional;
}
