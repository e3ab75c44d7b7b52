package uk.nhs.homefirst.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server, which a test can stall: while stalled, no byte goes either way
 * and new connections are accepted but not served, while every connection stays open. That is what
 * a client sees of a server whose process is frozen (SIGSTOP) or of a network that silently drops
 * packets: no error, only silence, until its own timeouts fire. {@link #resume()} lets it all flow
 * again. For tests only.
 */
public final class StallableProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Object gate = new Object();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private volatile boolean closed;

    private StallableProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::accept, "stallable-proxy-" + server.getLocalPort()).start();
    }

    /** A proxy on a free port of the loopback interface, forwarding to {@code host:port}. */
    public static StallableProxy start(String host, int port) {
        return new StallableProxy(host, port);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Stops every byte, in both directions, on every connection, until {@link #resume()}. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    public boolean isStalled() {
        return stalled;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                daemon(() -> connect(client), "stallable-proxy-connect").start();
            } catch (IOException e) {
                if (!closed) {
                    pause();
                }
            }
        }
    }

    private void connect(Socket client) {
        try {
            awaitFlow();
            Socket target = new Socket(targetHost, targetPort);
            sockets.add(target);
            target.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            daemon(() -> pump(client, target), "stallable-proxy-up").start();
            daemon(() -> pump(target, client), "stallable-proxy-down").start();
        } catch (IOException | InterruptedException e) {
            quietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                // Read but held: what a frozen server has in its socket buffer and never answers.
                awaitFlow();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed or failed: close both, as a broken connection does.
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    private void awaitFlow() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        quietly(server);
        sockets.forEach(StallableProxy::quietly);
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void quietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
