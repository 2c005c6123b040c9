package dev.berth.runtime.net;

import dev.berth.common.errors.BerthException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host ports of published ports are reserved by binding them (TCP without listening, UDP without reading), for as
 * long as the container runs: a port another container or another program holds is refused with Docker's "port is
 * already allocated", and a random port (0) is the kernel's free ephemeral port. Traffic itself never reaches these
 * sockets: the DNAT rules take it to the container first.
 */
public final class PortReservations {
    private final Map<String, List<Closeable>> held = new ConcurrentHashMap<>();

    /** Binds the mapping's host port for the container; returns the mapping with the actual port. */
    public PortMapping reserve(String containerId, PortMapping m) {
        String ip = m.hostIp() == null || m.hostIp().isEmpty() ? "0.0.0.0" : m.hostIp();
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(ip), m.hostPort());
            Closeable socket;
            int port;
            if (m.proto().equals("udp")) {
                DatagramChannel channel = DatagramChannel.open();
                try {
                    channel.bind(address);
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                socket = channel;
                port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            } else {
                Socket s = new Socket();
                s.setReuseAddress(false);
                try {
                    s.bind(address);
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
                socket = s;
                port = s.getLocalPort();
            }
            held.computeIfAbsent(containerId, k -> new ArrayList<>()).add(socket);
            return new PortMapping(m.proto(), m.containerPort(), ip, port);
        } catch (IOException e) {
            String what = m.hostPort() == 0 ? "a free port on " + ip : ip + ":" + m.hostPort();
            throw BerthException.internal("driver failed programming external connectivity on endpoint: Bind for "
                    + what + " failed: port is already allocated", null);
        }
    }

    public void releaseAll(String containerId) {
        List<Closeable> sockets = held.remove(containerId);
        if (sockets != null) {
            for (Closeable c : sockets) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }
}
