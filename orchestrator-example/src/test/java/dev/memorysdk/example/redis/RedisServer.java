package dev.memorysdk.example.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throwaway {@code redis-server} (Debian package {@code redis-server}) without persistence. */
public final class RedisServer implements AutoCloseable {

    private final int port;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts one in {@code directory}; skips the test when {@code redis-server} is not installed. */
    public static RedisServer start(Path directory) {
        assumeTrue(onPath("redis-server") && onPath("redis-cli"),
                "redis-server/redis-cli not found: install the Debian package redis-server");
        int port = freePort();
        run(List.of("redis-server", "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                "--daemonize", "yes", "--dir", directory.toString()), null);
        RedisServer server = new RedisServer(port);
        for (int attempt = 0; attempt < 100; attempt++) {
            if (server.cli("PING").contains("PONG")) {
                return server;
            }
            sleep();
        }
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    /** The port it listens on, at 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Loads commands in RESP form with {@code redis-cli --pipe}. */
    public void pipe(Path resp) {
        String output = run(List.of("redis-cli", "-p", Integer.toString(port), "--pipe"), resp);
        if (!output.contains("errors: 0")) {
            throw new IllegalStateException("redis-cli --pipe failed: " + output);
        }
    }

    /** Runs one {@code redis-cli} command and returns its output. */
    public String cli(String... command) {
        List<String> line = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        line.addAll(List.of(command));
        return run(line, null);
    }

    @Override
    public void close() {
        cli("SHUTDOWN", "NOSAVE");
    }

    /** Appends one command in RESP form to {@code resp}. */
    public static void resp(StringBuilder resp, String... parts) {
        resp.append('*').append(parts.length).append("\r\n");
        for (String part : parts) {
            resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
    }

    private static String run(List<String> command, Path input) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (input != null) {
                builder.redirectInput(input.toFile());
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
