package dev.berth.runtime.net;

import dev.berth.common.platform.DaemonThreads;
import dev.berth.runtime.node.KernelFiles;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * One DNS server per user network, on the network's gateway address (the node is where the bridge is): container
 * names, aliases and short ids of the containers running on that network answer with their address on it; other
 * names are forwarded to the container's {@code --dns} servers if it has any (Docker's "ExtServers", told apart by
 * the query's source address), else to the host's resolvers. A container's links on the network
 * ({@code EndpointSettings.Links}, "container:alias") are names only it resolves, to the linked container's address
 * on the network, whether that container runs yet or not (libnetwork's per-endpoint aliases). UDP only.
 */
public final class DnsServers {
    private static final Logger LOG = Logger.getLogger(DnsServers.class.getName());
    private final int port;
    private final List<String> upstreams;
    /** network id → server. */
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final ExecutorService forwarders = Executors.newCachedThreadPool(DaemonThreads.named("berth-dns-forward"));

    public DnsServers(int port, List<String> upstreams) {
        this.port = port;
        this.upstreams = upstreams;
    }

    /** The host's resolvers, without loopback ones (a container cannot reach them through the bridge either). */
    public static List<String> hostUpstreams(KernelFiles kernel) {
        List<String> out = new ArrayList<>();
        for (String line : EtcFiles.hostResolvConf(kernel)) {
            String t = line.strip();
            if (t.startsWith("nameserver")) {
                out.add(t.substring("nameserver".length()).strip());
            }
        }
        return out;
    }

    /** Links "container:alias" (or "container") → alias → the linked container's name, lower case. */
    public static Map<String, String> linkAliases(List<String> links) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String link : links == null ? List.<String>of() : links) {
            int colon = link.indexOf(':');
            String target = (colon < 0 ? link : link.substring(0, colon)).replaceFirst("^/", "");
            String alias = colon < 0 ? target : link.substring(colon + 1);
            if (!target.isEmpty() && !alias.isEmpty()) {
                out.put(alias.toLowerCase(Locale.ROOT), target.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    public synchronized void register(String networkId, String gateway, String containerId, String ip, List<String> names,
            List<String> dns, Map<String, String> links) {
        Server s = servers.get(networkId);
        if (s == null || !s.gateway.equals(gateway)) {
            if (s != null) {
                s.close();
            }
            try {
                s = new Server(gateway);
            } catch (SocketException e) {
                LOG.warning("cannot serve DNS on " + gateway + ":" + port + ": " + e.getMessage());
                return;
            }
            servers.put(networkId, s);
        }
        for (String n : names) {
            s.names.put(n.toLowerCase(Locale.ROOT), new Entry(containerId, ip));
        }
        if (dns != null && !dns.isEmpty()) {
            s.clients.put(ip, new Client(containerId, List.copyOf(dns)));
        } else {
            s.clients.remove(ip);
        }
        if (links != null && !links.isEmpty()) {
            s.links.put(ip, new Links(containerId, Map.copyOf(links)));
        } else {
            s.links.remove(ip);
        }
    }

    public void unregister(String networkId, String containerId) {
        Server s = servers.get(networkId);
        if (s != null) {
            s.names.values().removeIf(e -> e.containerId.equals(containerId));
            s.clients.values().removeIf(c -> c.containerId.equals(containerId));
            s.links.values().removeIf(l -> l.containerId.equals(containerId));
        }
    }

    /** The network is gone. */
    public synchronized void stop(String networkId) {
        Server s = servers.remove(networkId);
        if (s != null) {
            s.close();
        }
    }

    public synchronized void stopAll() {
        servers.values().forEach(Server::close);
        servers.clear();
    }

    /** For tests and inspection: the address a name has on a network for a client address, or null. */
    public String lookup(String networkId, String clientIp, String name) {
        Server s = servers.get(networkId);
        return s == null ? null : s.resolve(clientIp, name.toLowerCase(Locale.ROOT));
    }

    /** The upstreams a container would use instead of the host's, or the host's. */
    public List<String> upstreamsFor(String networkId, String clientIp) {
        Server s = servers.get(networkId);
        Client c = s == null ? null : s.clients.get(clientIp);
        return c == null ? upstreams : c.upstreams;
    }

    private record Entry(String containerId, String ip) {
    }

    private record Client(String containerId, List<String> upstreams) {
    }

    /** One container's link aliases on a network: alias → linked container's name. */
    private record Links(String containerId, Map<String, String> aliases) {
    }

    private final class Server {
        final String gateway;
        final DatagramSocket socket;
        final Map<String, Entry> names = new ConcurrentHashMap<>();
        /** container address on this network → its own upstreams. */
        final Map<String, Client> clients = new ConcurrentHashMap<>();
        /** container address on this network → its link aliases. */
        final Map<String, Links> links = new ConcurrentHashMap<>();

        Server(String gateway) throws SocketException {
            this.gateway = gateway;
            DatagramSocket sock = new DatagramSocket(null);
            sock.setReuseAddress(true);
            try {
                sock.bind(new InetSocketAddress(InetAddress.getByName(gateway), port));
            } catch (IOException e) {
                sock.close();
                throw e instanceof SocketException se ? se : new SocketException(e.getMessage());
            }
            this.socket = sock;
            Thread t = new Thread(this::serve, "berth-dns-" + gateway);
            t.setDaemon(true);
            t.start();
        }

        void serve() {
            byte[] buf = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
                    InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                    String clientIp = from.getAddress().getHostAddress();
                    byte[] answer = DnsMessage.answer(query, name -> resolve(clientIp, name));
                    if (answer != null) {
                        socket.send(new DatagramPacket(answer, answer.length, from));
                    } else {
                        forwarders.execute(() -> forward(query, from));
                    }
                } catch (IOException | RuntimeException e) {
                    if (!socket.isClosed()) {
                        LOG.fine("dns: " + e.getMessage());
                    }
                }
            }
        }

        /** A name (lower case) as the container at {@code clientIp} sees it: its link aliases first. */
        String resolve(String clientIp, String name) {
            Links own = clientIp == null ? null : links.get(clientIp);
            String target = own == null ? null : own.aliases.get(name);
            Entry e = names.get(target != null ? target : name);
            return e == null ? null : e.ip;
        }

        void forward(byte[] query, InetSocketAddress client) {
            Client own = clients.get(client.getAddress().getHostAddress());
            for (String upstream : own == null ? upstreams : own.upstreams) {
                try (DatagramSocket out = new DatagramSocket()) {
                    out.setSoTimeout(2000);
                    out.send(new DatagramPacket(query, query.length, InetAddress.getByName(upstream), 53));
                    byte[] buf = new byte[4096];
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    out.receive(reply);
                    socket.send(new DatagramPacket(reply.getData(), reply.getLength(), client));
                    return;
                } catch (IOException e) {
                    // next upstream
                }
            }
            byte[] fail = DnsMessage.servfail(query);
            if (fail != null) {
                try {
                    socket.send(new DatagramPacket(fail, fail.length, client));
                } catch (IOException e) {
                    // client gone
                }
            }
        }

        void close() {
            socket.close();
        }
    }
}
