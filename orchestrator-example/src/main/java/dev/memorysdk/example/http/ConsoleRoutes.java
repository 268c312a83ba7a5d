package dev.memorysdk.example.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The web console: {@code GET /} is its page, {@code GET /console/{file}} its script and style,
 * read once from the jar ({@value #RESOURCES}). Every other path is a 404. The page talks to the
 * JSON routes only, and its Content-Security-Policy lets it load and reach nothing but this server.
 * Thread-safe.
 */
final class ConsoleRoutes implements Route {

    /** Where the console's files lie on the class path. */
    static final String RESOURCES = "/dev/memorysdk/example/console/";

    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private record File(String contentType, byte[] content) {
    }

    private final File page = load("index.html", "text/html; charset=utf-8");
    private final Map<String, File> files = Map.of(
            "console.js", load("console.js", "text/javascript; charset=utf-8"),
            "console.css", load("console.css", "text/css; charset=utf-8"));

    @Override
    public void handle(JsonExchange exchange) throws IOException {
        List<String> path = exchange.pathSegments();
        File file;
        if (path.isEmpty()) {
            file = page;
        } else if (path.size() == 2 && "console".equals(path.get(0)) && files.containsKey(path.get(1))) {
            file = files.get(path.get(1));
        } else {
            throw ApiException.notFound("no such resource");
        }
        exchange.requireMethod("GET");
        exchange.sendBytes(200, file.contentType(), HEADERS, file.content());
    }

    private static File load(String name, String contentType) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("console file missing from the class path: " + RESOURCES + name);
            }
            return new File(contentType, in.readAllBytes());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read console file " + RESOURCES + name, unreadable);
        }
    }
}
