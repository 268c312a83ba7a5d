package dev.memorysdk.internal.store;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.MappedTypes;
import org.postgresql.util.PGobject;

/**
 * Binds {@link Jsonb} as a PostgreSQL {@code jsonb} value (so statements need no {@code ::jsonb}
 * cast) and reads {@code jsonb} or text columns back as {@link Jsonb}.
 */
@MappedTypes(Jsonb.class)
final class JsonbTypeHandler extends BaseTypeHandler<Jsonb> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, Jsonb value, JdbcType jdbcType)
            throws SQLException {
        PGobject jsonb = new PGobject();
        jsonb.setType("jsonb");
        jsonb.setValue(value.json());
        statement.setObject(index, jsonb);
    }

    @Override
    public Jsonb getNullableResult(ResultSet resultSet, String column) throws SQLException {
        return wrap(resultSet.getString(column));
    }

    @Override
    public Jsonb getNullableResult(ResultSet resultSet, int index) throws SQLException {
        return wrap(resultSet.getString(index));
    }

    @Override
    public Jsonb getNullableResult(CallableStatement statement, int index) throws SQLException {
        return wrap(statement.getString(index));
    }

    private static Jsonb wrap(String json) {
        return json == null ? null : new Jsonb(json);
    }
}
