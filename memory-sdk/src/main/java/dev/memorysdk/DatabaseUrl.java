package dev.memorysdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location as a JDBC URL plus optional credentials, as the SDK reads
 * {@code DATABASE_URL} and {@link MemoryConfig.Builder#jdbcUrl}: parsed from either
 * {@code jdbc:postgresql://host:port/db?...} or the libpq form
 * {@code postgresql://user:password@host:port/db?...} (also {@code postgres://}).
 *
 * @param jdbcUrl  the JDBC URL, without credentials taken from the libpq form
 * @param username the user from the URL, or null
 * @param password the password from the URL, or null
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    /**
     * Parses a database URL.
     *
     * @throws IllegalArgumentException naming {@code setting} if the URL is not a PostgreSQL URL
     */
    public static DatabaseUrl parse(String setting, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(setting + " must be set to a PostgreSQL URL");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, null, null);
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw new IllegalArgumentException(setting + " must start with postgresql://, postgres:// or "
                    + "jdbc:postgresql:, was " + redact(trimmed));
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException malformed) {
            throw new IllegalArgumentException(setting + " is not a valid URL: " + redact(trimmed), malformed);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(setting + " has no host: " + redact(trimmed));
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() != -1) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        String username = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return new DatabaseUrl(jdbc.toString(), username, password);
    }

    /** The URL with credentials and query parameters (which may hold a password) removed, for messages. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?..." : url;
        int at = withoutQuery.lastIndexOf('@');
        int scheme = withoutQuery.indexOf("://");
        if (at > 0 && scheme >= 0 && at > scheme) {
            return withoutQuery.substring(0, scheme + 3) + "***@" + withoutQuery.substring(at + 1);
        }
        return withoutQuery;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + redact(jdbcUrl) + ", username=" + username + "]";
    }
}
