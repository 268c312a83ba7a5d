package dev.memorysdk.bench;

import dev.memorysdk.internal.store.Jsonb;
import dev.memorysdk.internal.store.JsonbTypeHandler;
import dev.memorysdk.internal.store.SessionMemoryMapper;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.session.Configuration;

/**
 * The exact SQL text the SDK sends for one of its mapper statements, taken from the SDK's own
 * mapper XML through MyBatis, with the order of its parameters. What raw JDBC runs to measure the
 * limit the SDK can approach.
 *
 * @param sql            the statement text with {@code ?} placeholders, as the driver receives it
 * @param parameterNames the mapper parameter bound at each placeholder, in order
 */
public record SdkStatementText(String sql, List<String> parameterNames) {

    private static final Configuration MAPPER = mapperConfiguration();

    public SdkStatementText {
        parameterNames = List.copyOf(parameterNames);
    }

    /**
     * The text of {@code statement} (e.g. {@code appendOne}) for parameters like {@code parameters};
     * only values that steer dynamic SQL matter (none of the statements measured has any).
     */
    public static SdkStatementText of(String statement, Map<String, Object> parameters) {
        BoundSql bound = MAPPER.getMappedStatement(SessionMemoryMapper.class.getName() + "." + statement)
                .getBoundSql(parameters);
        return new SdkStatementText(bound.getSql(),
                bound.getParameterMappings().stream().map(ParameterMapping::getProperty).toList());
    }

    private static Configuration mapperConfiguration() {
        Configuration configuration = new Configuration();
        configuration.getTypeHandlerRegistry().register(Jsonb.class, new JsonbTypeHandler());
        configuration.addMapper(SessionMemoryMapper.class);
        return configuration;
    }
}
