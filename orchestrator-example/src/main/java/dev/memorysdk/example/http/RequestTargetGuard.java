package dev.memorysdk.example.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public socket in front of the JDK's {@code HttpServer}, which answers a request whose target is
 * not a valid URI ({@code /sessions/%zz}, {@code /a\b}) with its own HTML page before any handler
 * runs. This guard reads each request's head first: such a request gets a JSON 400 here, any other
 * is passed to the server on a loopback port, and its response back, both with {@code Connection: close},
 * so that every request on a connection is one this guard has read.
 *
 * <p>Each connection holds two threads while open (one per direction), at most
 * {@value #MAX_CONNECTIONS} connections at once; beyond that a new connection is closed at once, as is
 * one that sends no request head within {@value #HEAD_TIMEOUT_MILLIS} ms.
 * Thread-safe; {@link #close()} stops accepting and is idempotent.
 */
final class RequestTargetGuard implements AutoCloseable {

    /** Connections served at once. */
    static final int MAX_CONNECTIONS = 256;
    /** Largest request head (request line and headers) read; the JDK server's own limit is lower. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** How long a new connection may take to send its request head before it is closed. */
    static final int HEAD_TIMEOUT_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(RequestTargetGuard.class);

    private final ServerSocket listener;
    private final InetSocketAddress server;
    private final ObjectMapper json;
    private final ThreadPoolExecutor connections;
    private final Thread acceptor;

    private RequestTargetGuard(ServerSocket listener, InetSocketAddress server, ObjectMapper json) {
        this.listener = listener;
        this.server = server;
        this.json = json;
        AtomicInteger count = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(0, 2 * MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "http-connection-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.acceptor = new Thread(this::acceptConnections, "http-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code address} and passes valid requests to the HTTP server at {@code server}.
     *
     * @throws UncheckedIOException if {@code address} cannot be bound (for example the port is taken)
     */
    static RequestTargetGuard start(InetSocketAddress address, InetSocketAddress server, ObjectMapper json) {
        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(address);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + failure.getMessage(), failure);
        }
        RequestTargetGuard guard = new RequestTargetGuard(listener, server, json);
        guard.acceptor.start();
        return guard;
    }

    /** The address clients connect to. */
    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptConnections() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closedOrFailed) {
                if (!listener.isClosed()) {
                    LOG.warn("Accepting a connection failed: {}", closedOrFailed.getMessage());
                }
                continue;
            }
            try {
                connections.execute(() -> serve(client));
            } catch (RejectedExecutionException busy) {
                LOG.warn("{} connections open, a new one is closed", MAX_CONNECTIONS);
                closeQuietly(client);
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            byte[] head;
            try {
                client.setSoTimeout(HEAD_TIMEOUT_MILLIS);
                head = readHead(in);
                client.setSoTimeout(0);
            } catch (HeadTooLargeException tooLarge) {
                refuse(client, 431, "request head is larger than " + MAX_HEAD_BYTES + " bytes");
                return;
            }
            String problem = head == null ? null : targetProblem(head);
            if (problem != null) {
                refuse(client, 400, problem);
            } else if (head != null) {
                forward(client, in, closingHead(head));
            }
        } catch (IOException clientGone) {
            LOG.debug("Connection ended early", clientGone);
        }
    }

    // The head ends at the first empty line after the first line, its lines ending in CRLF or, as
    // some clients send them, LF; empty lines before it are skipped. Null when the client closes first.
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lineLength = 0;
        while (true) {
            int next = in.read();
            if (next < 0) {
                return null;
            }
            if (head.size() == MAX_HEAD_BYTES) {
                throw new HeadTooLargeException();
            }
            head.write(next);
            if (next != '\n') {
                lineLength += next == '\r' ? 0 : 1;
            } else if (lineLength > 0) {
                lineLength = 0;
            } else if (head.size() <= 2) {
                head.reset();
            } else {
                return head.toByteArray();
            }
        }
    }

    // The same parse the JDK server makes of the target; null when it accepts it.
    private static String targetProblem(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] requestLine = text.substring(0, text.indexOf('\n')).strip().split(" ", -1);
        if (requestLine.length != 3) {
            return "malformed request line: expected METHOD TARGET HTTP/1.1";
        }
        try {
            new URI(requestLine[1]);
            return null;
        } catch (URISyntaxException invalid) {
            String reason = invalid.getReason().startsWith("Malformed escape pair")
                    ? "malformed percent-encoding" : invalid.getReason().toLowerCase(Locale.ROOT);
            return "request path is not a valid URI: " + reason + " at character " + (invalid.getIndex() + 1)
                    + "; encode '%', '\\' and other reserved characters as %XX";
        }
    }

    // Drops the Connection header of a request or response head and says the connection closes after
    // it; lines end in CRLF after.
    private static byte[] closingHead(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        StringBuilder rewritten = new StringBuilder(text.length() + 20);
        for (String line : text.strip().split("\r?\n", -1)) {
            if (!line.regionMatches(true, 0, "Connection:", 0, "Connection:".length())) {
                rewritten.append(line).append("\r\n");
            }
        }
        return rewritten.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // The body (and anything else the client sends) is copied on a second thread while this one
    // copies the response back; the server closing its side ends both.
    private void forward(Socket client, InputStream fromClient, byte[] head) throws IOException {
        try (Socket upstream = new Socket(server.getAddress(), server.getPort())) {
            upstream.getOutputStream().write(head);
            try {
                connections.execute(() -> copyRequestBody(fromClient, upstream));
            } catch (RejectedExecutionException busy) {
                refuse(client, 503, "too many connections, try again later");
                return;
            }
            copyResponse(new BufferedInputStream(upstream.getInputStream()), client.getOutputStream());
        }
    }

    // The server may not say that it closes after the response; the client must know, or it sends its
    // next request on a connection about to close. Interim answers (100 Continue) pass as they are.
    private static void copyResponse(InputStream fromServer, OutputStream toClient) throws IOException {
        byte[] head = readHead(fromServer);
        while (head != null && head.length > 12 && head[9] == '1') {
            toClient.write(head);
            toClient.flush();
            head = readHead(fromServer);
        }
        if (head != null) {
            toClient.write(closingHead(head));
            fromServer.transferTo(toClient);
        }
    }

    private static void copyRequestBody(InputStream fromClient, Socket upstream) {
        try {
            fromClient.transferTo(upstream.getOutputStream());
            upstream.shutdownOutput();
        } catch (IOException closed) {
            LOG.trace("Request body copy ended", closed);
        }
    }

    private void refuse(Socket client, int status, String message) throws IOException {
        byte[] body = json.writeValueAsBytes(new ApiViews.Error(status, message));
        String head = "HTTP/1.1 " + status + (status == 400 ? " Bad Request" : status == 431
                ? " Request Header Fields Too Large" : " Service Unavailable")
                + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        client.shutdownOutput();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            LOG.trace("Closing a socket failed", ignored);
        }
    }

    /** Stops accepting connections; open ones end when the server closes them. Idempotent. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (SocketException alreadyClosed) {
            LOG.trace("Listener already closed", alreadyClosed);
        } catch (IOException failed) {
            LOG.debug("Closing the listener failed", failed);
        }
        connections.shutdown();
    }

    private static final class HeadTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
