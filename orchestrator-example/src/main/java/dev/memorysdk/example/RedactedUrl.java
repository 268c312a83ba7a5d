package dev.memorysdk.example;

import java.net.URI;

/**
 * A URL as it may be shown on a terminal, in a log or in an error: scheme, host, port and path,
 * without the user, password or query string that can carry credentials. Constants only.
 */
public final class RedactedUrl {

    private RedactedUrl() {
    }

    /**
     * {@code url} (a {@code jdbc:} prefix is dropped) without credentials or query string, or
     * {@code <malformed URL>} when it cannot be read as a URL. Never throws.
     */
    public static String of(String url) {
        if (url == null) {
            return "<no URL>";
        }
        String trimmed = url.strip();
        try {
            return of(URI.create(trimmed.startsWith("jdbc:") ? trimmed.substring(5) : trimmed));
        } catch (IllegalArgumentException malformed) {
            return "<malformed URL>";
        }
    }

    /** {@code uri} without credentials or query string. Never throws. */
    public static String of(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        return uri.getScheme() + "://" + host + port + path;
    }
}
