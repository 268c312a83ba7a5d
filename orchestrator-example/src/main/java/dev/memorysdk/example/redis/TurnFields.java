package dev.memorysdk.example.redis;

/**
 * The JSON field names of one turn in Redis.
 *
 * @param query     the user's text
 * @param answer    the answer's text
 * @param timestamp ISO-8601 or epoch seconds
 * @param id        the turn's id, optional in the data
 */
public record TurnFields(String query, String answer, String timestamp, String id) {

    /** {@code query}, {@code answer}, {@code timestamp}, {@code id}. */
    public static final TurnFields DEFAULT = new TurnFields("query", "answer", "timestamp", "id");

    /** @throws IllegalArgumentException if a name is blank */
    public TurnFields {
        for (String name : new String[] {query, answer, timestamp, id}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("turn field names must not be blank");
            }
        }
    }
}
