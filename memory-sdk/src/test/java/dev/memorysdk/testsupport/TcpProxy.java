package dev.memorysdk.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a database, to break the network on purpose. Modes:
 * <ul>
 *   <li>{@link Mode#FORWARD}: passes bytes both ways;</li>
 *   <li>{@link Mode#DROP}: closes every connection, open ones and new ones (a server that is gone);</li>
 *   <li>{@link Mode#HANG}: accepts connections and never answers; open connections stop passing
 *       bytes (a black hole: a partition, a frozen server). Switching back to forward resumes them.</li>
 * </ul>
 * Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {

    /** What the proxy does with connections. */
    public enum Mode { FORWARD, DROP, HANG }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object modeChange = new Object();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code host:port}. */
    public static TcpProxy start(String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(listener, new InetSocketAddress(host, port));
            daemon("proxy-accept-" + listener.getLocalPort(), proxy::acceptLoop).start();
            return proxy;
        } catch (IOException failure) {
            throw new UncheckedIOException("starting the proxy failed", failure);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** A JDBC URL of {@code database} through this proxy. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public Mode mode() {
        return mode;
    }

    /** Switches mode; to {@link Mode#DROP} also closes every open connection. */
    public void setMode(Mode newMode) {
        synchronized (modeChange) {
            mode = newMode;
            modeChange.notifyAll();
        }
        if (newMode == Mode.DROP) {
            closeAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        setMode(Mode.DROP);
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Mode now = mode;
                if (now == Mode.DROP) {
                    client.close();
                } else if (now == Mode.HANG) {
                    sockets.add(client);
                } else {
                    connect(client);
                }
            } catch (IOException failure) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void connect(Socket client) throws IOException {
        Socket server = new Socket();
        try {
            server.connect(target, 2_000);
        } catch (IOException unreachable) {
            client.close();
            return;
        }
        sockets.add(client);
        sockets.add(server);
        daemon("proxy-up-" + client.getPort(), () -> pump(client, server)).start();
        daemon("proxy-down-" + client.getPort(), () -> pump(server, client)).start();
    }

    private void pump(Socket from, Socket to) {
        byte[] chunk = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(chunk)) >= 0) {
                if (!awaitForwarding()) {
                    break;
                }
                out.write(chunk, 0, read);
                out.flush();
            }
        } catch (IOException connectionGone) {
            // One side closed: close the other below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Blocks while hanging; true to forward, false to drop the connection. */
    private boolean awaitForwarding() {
        synchronized (modeChange) {
            while (mode == Mode.HANG && !closed) {
                try {
                    modeChange.wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return mode == Mode.FORWARD && !closed;
        }
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
