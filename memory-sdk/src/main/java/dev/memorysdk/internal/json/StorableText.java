package dev.memorysdk.internal.json;

import java.util.Collection;
import java.util.Map;

/**
 * Checks that text can be stored in a JSONB value unchanged. PostgreSQL rejects the NUL character
 * in JSONB, and an unpaired UTF-16 surrogate would be silently replaced when encoded as UTF-8, so
 * both are refused up front rather than lost or altered.
 */
public final class StorableText {

    private StorableText() {
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code field} if {@code text} cannot be stored
     * unchanged. Null is accepted (callers check nullness themselves).
     */
    public static void require(String field, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                throw new IllegalArgumentException(
                        field + " contains the NUL character (U+0000) at index " + i
                                + ", which PostgreSQL cannot store in JSONB");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new IllegalArgumentException(field + " contains an unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException(field + " contains an unpaired surrogate at index " + i);
            }
        }
    }

    /** Applies {@link #require(String, String)} to every string key and value inside {@code value}. */
    public static void requireDeep(String field, Object value) {
        if (value instanceof String text) {
            require(field, text);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(field + " has a non-string key: " + entry.getKey());
                }
                require(field + " key", key);
                requireDeep(field + "." + key, entry.getValue());
            }
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                requireDeep(field + "[]", item);
            }
        }
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code field} if encoded JSON holds text that
     * cannot be stored unchanged: an escaped NUL ({@code \\u0000}) or an unpaired surrogate.
     */
    public static void requireEncodedJson(String field, String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                if (json.startsWith("u0000", i + 1)) {
                    throw new IllegalArgumentException(field + " contains the NUL character (U+0000), "
                            + "which PostgreSQL cannot store in JSONB");
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException(field + " contains an unpaired surrogate");
                }
            }
        }
    }

    /** The number of bytes {@code text} takes in UTF-8, computed without encoding it. */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
