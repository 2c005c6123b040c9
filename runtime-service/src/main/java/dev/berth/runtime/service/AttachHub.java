package dev.berth.runtime.service;

import dev.berth.common.platform.DaemonThreads;
import dev.berth.runtime.node.NodePaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Bridges hijacked client connections to conmon's attach socket (SOCK_SEQPACKET, through junixsocket).
 * Packets from conmon are 1 byte of stream id (2 stdout, 3 stderr) + payload; they are framed for Docker
 * (multiplexed: 8-byte header, or raw with a TTY). Client bytes go to conmon as stdin. Sessions opened before the
 * container runs wait in {@code pending} and are connected by start between {@code runc create} and
 * {@code runc start}, so no output is lost.
 */
@ApplicationScoped
public class AttachHub {
    private static final Logger LOG = Logger.getLogger(AttachHub.class.getName());
    private static final int MAX_STDIN_PACKET = 32 * 1024;

    @Inject
    NodePaths paths;

    private final Map<String, List<Session>> pending = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("berth-attach"));

    public static final class Session {
        public final String id;
        final NetSocket client;
        final boolean tty;
        final boolean stdout;
        final boolean stderr;
        public final boolean stdin;
        volatile AFUNIXDatagramSocket socket;
        /** The same connection when stdin is attached (null otherwise). */
        volatile AFUNIXDatagramSocket stdinSocket;
        volatile boolean closed;
        /** Detach keys on stdin (attach with a TTY), and what to do when the client detaches (event). */
        public volatile dev.berth.runtime.attach.DetachKeys.Scanner detachKeys;
        public volatile Runnable onDetach;
        private final java.util.concurrent.atomic.AtomicBoolean detachReported = new java.util.concurrent.atomic.AtomicBoolean();
        /** When set, the client's connection ends only once this completed (an exec's exit code is recorded). */
        volatile java.util.concurrent.CompletableFuture<?> endAfter;
        /** Guarded by this: stdin that came before the bridge, and whether the client's input has ended. */
        private final java.util.List<byte[]> early = new java.util.ArrayList<>();
        private boolean bridged;
        private boolean inputEnded;
        private final ExecutorService stdinWriter =
                Executors.newSingleThreadExecutor(DaemonThreads.named("berth-attach-stdin"));

        public Session(String id, NetSocket client, boolean tty, boolean stdout, boolean stderr, boolean stdin) {
            this.id = id;
            this.client = client;
            this.tty = tty;
            this.stdout = stdout;
            this.stderr = stderr;
            this.stdin = stdin;
        }

        public void endAfter(java.util.concurrent.CompletableFuture<?> future) {
            this.endAfter = future;
        }
    }

    /** Opens the conmon socket (blocking). Throws if the container has no attach socket. */
    public AFUNIXDatagramSocket open(String id) throws IOException {
        AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
        try {
            socket.connect(AFUNIXSocketAddress.of(paths.attachSocket(id)));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** Starts bridging a session whose socket is connected (the 101 has been sent). */
    public void bridge(Session s, AFUNIXDatagramSocket socket) {
        installClientHandlers(s);
        synchronized (s) {
            s.socket = socket;
            if (s.stdin) {
                s.stdinSocket = socket;
                for (byte[] bytes : s.early) {
                    s.stdinWriter.execute(() -> sendStdin(s, bytes));
                }
                if (s.inputEnded) {
                    s.stdinWriter.execute(() -> shutdownOutput(socket));
                }
            }
            s.early.clear();
            s.bridged = true;
        }
        threads.execute(() -> pump(s));
    }

    private void installClientHandlers(Session s) {
        s.client.closeHandler(v -> {
            List<Session> list = pending.get(s.id);
            if (list != null) {
                list.remove(s);
            }
            detached(s);
        });
        s.client.handler(buffer -> {
            if (!s.stdin || s.closed) {
                return;
            }
            byte[] bytes = buffer.getBytes();
            dev.berth.runtime.attach.DetachKeys.Scanner keys = s.detachKeys;
            if (keys != null) {
                dev.berth.runtime.attach.DetachKeys.Scanner.Result r = keys.scan(bytes);
                bytes = r.forward();
                if (r.detached()) {
                    byte[] last = bytes;
                    synchronized (s) {
                        if (s.bridged && last.length > 0) {
                            s.stdinWriter.execute(() -> sendStdin(s, last));
                        }
                    }
                    // after the last stdin bytes went out: the container keeps its stdin (conmon --leave-stdin-open)
                    s.stdinWriter.execute(() -> detached(s));
                    return;
                }
                if (bytes.length == 0) {
                    return;
                }
            }
            byte[] input = bytes;
            synchronized (s) {
                if (s.bridged) {
                    s.stdinWriter.execute(() -> sendStdin(s, input));
                } else {
                    s.early.add(input);
                }
            }
        });
    }

    /** The client left (detach keys, or it closed while the container still runs): ends the session, tells onDetach. */
    private void detached(Session s) {
        boolean wasOpen = !s.closed;
        close(s);
        if (wasOpen) {
            reportDetach(s);
        }
    }

    /** Tells the session's onDetach, once. */
    public void reportDetach(Session s) {
        Runnable onDetach = s.onDetach;
        if (onDetach != null && s.detachReported.compareAndSet(false, true)) {
            onDetach.run();
        }
    }

    /**
     * The client half-closed its side (the docker CLI does that at once when it has no stdin to send, and at the
     * end of stdin with -i): the output keeps flowing; the container's stdin gets EOF.
     */
    public void inputEnded(Session s) {
        synchronized (s) {
            s.inputEnded = true;
            AFUNIXDatagramSocket in = s.stdinSocket;
            if (s.bridged && in != null) {
                s.stdinWriter.execute(() -> shutdownOutput(in));
            }
        }
    }

    /**
     * shutdown(SHUT_WR) on the SEQPACKET connection: conmon reads EOF and closes the container's stdin, while its
     * output still reaches us. junixsocket has no public shutdown for datagram-type sockets; its native one is
     * package-private, hence the reflection.
     */
    static void shutdownOutput(AFUNIXDatagramSocket socket) {
        try {
            java.lang.reflect.Method shutdown = Class.forName("org.newsclub.net.unix.NativeUnixSocket")
                    .getDeclaredMethod("shutdown", java.io.FileDescriptor.class, int.class);
            shutdown.setAccessible(true);
            shutdown.invoke(null, socket.getFileDescriptor(), 1 /* SHUT_WR */);
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot half-close the attach connection: " + e, e);
        }
    }

    /**
     * Takes the client's input before the bridge exists (kept for then, in order with its half-close). Pausing the
     * socket instead would let the half-close overtake the buffered bytes.
     */
    public void hold(Session s) {
        installClientHandlers(s);
    }

    /** Parks a session until the container starts (stdin that arrives meanwhile is kept for then). */
    public void park(Session s) {
        installClientHandlers(s);
        pending.computeIfAbsent(s.id, k -> new CopyOnWriteArrayList<>()).add(s);
    }

    /** Called by start after {@code runc create}, before {@code runc start} (blocking thread). */
    public void connectPending(String id) {
        List<Session> list = pending.remove(id);
        if (list == null) {
            return;
        }
        for (Session s : list) {
            if (s.closed) {
                continue;
            }
            try {
                AFUNIXDatagramSocket socket = open(id);
                bridge(s, socket);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot attach to " + id + ": " + e.getMessage());
                close(s);
            }
        }
    }

    /** The container failed to start: end the parked sessions. */
    public void failPending(String id) {
        List<Session> list = pending.remove(id);
        if (list != null) {
            list.forEach(this::close);
        }
    }

    public boolean hasPending(String id) {
        List<Session> list = pending.get(id);
        return list != null && !list.isEmpty();
    }

    private void pump(Session s) {
        byte[] buf = new byte[8192 + 1];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            while (!s.closed) {
                packet.setLength(buf.length);
                s.socket.receive(packet);
                int n = packet.getLength();
                if (n <= 0) {
                    break;
                }
                int stream = buf[0];
                int len = n - 1;
                if (len == 0) {
                    continue;
                }
                // (a TTY's output all comes as stdout; stderr only from a TTY-less exec started with Tty: dropped)
                if ((!s.tty && stream == 2 && !s.stdout) || (stream == 3 && !s.stderr)) {
                    continue;
                }
                Buffer out;
                if (s.tty) {
                    out = Buffer.buffer(len).appendBytes(buf, 1, len);
                } else {
                    out = Buffer.buffer(8 + len)
                            .appendByte((byte) (stream == 3 ? 2 : 1)).appendByte((byte) 0).appendByte((byte) 0)
                            .appendByte((byte) 0).appendInt(len).appendBytes(buf, 1, len);
                }
                s.client.write(out);
                while (s.client.writeQueueFull() && !s.closed) {
                    Thread.sleep(2);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "attach socket of " + s.id + " closed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            java.util.concurrent.CompletableFuture<?> after = s.endAfter;
            if (after != null && !s.closed) { // (closed: the client detached, the exec runs on)
                try {
                    after.get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.log(Level.FINE, "exec of " + s.id + " ended: " + e);
                }
            }
            // the container's output ended: end the client's connection
            close(s);
        }
    }

    private void sendStdin(Session s, byte[] bytes) {
        try {
            for (int off = 0; off < bytes.length; off += MAX_STDIN_PACKET) {
                int len = Math.min(MAX_STDIN_PACKET, bytes.length - off);
                s.stdinSocket.send(new DatagramPacket(bytes, off, len));
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "stdin to " + s.id + " failed: " + e.getMessage());
        }
    }

    public void close(Session s) {
        if (s.closed) {
            return;
        }
        s.closed = true;
        AFUNIXDatagramSocket socket = s.socket;
        if (socket != null) {
            socket.close();
        }
        s.stdinWriter.shutdown();
        try {
            s.client.end();
        } catch (RuntimeException e) {
            // already closed
        }
    }
}
