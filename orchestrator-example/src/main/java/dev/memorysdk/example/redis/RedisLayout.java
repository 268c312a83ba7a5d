package dev.memorysdk.example.redis;

/** How a session's turns are kept under one Redis key. */
public enum RedisLayout {
    /** A LIST of JSON turns, oldest first ({@code RPUSH} + {@code LTRIM}). */
    LIST,
    /** A STRING holding a JSON array of turns, oldest first. */
    STRING,
    /** A HASH whose values are JSON turns (field names are ignored; turns are ordered by timestamp). */
    HASH
}
