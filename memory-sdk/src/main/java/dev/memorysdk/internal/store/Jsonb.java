package dev.memorysdk.internal.store;

/**
 * JSON text bound to, or read from, a {@code jsonb} column; {@link JsonbTypeHandler} maps it.
 * A wrapper rather than a plain {@code String} so MyBatis picks the JSONB binding by type.
 *
 * @param json the JSON text, never null
 */
public record Jsonb(String json) {

    /** Requires non-null JSON text. */
    public Jsonb {
        if (json == null) {
            throw new IllegalArgumentException("json must not be null");
        }
    }
}
