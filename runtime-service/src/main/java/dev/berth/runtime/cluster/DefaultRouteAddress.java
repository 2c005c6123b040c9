package dev.berth.runtime.cluster;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The IPv4 address of the interface of the default route ({@code /proc/net/route}), else 127.0.0.1. */
final class DefaultRouteAddress {
    static final String LOOPBACK = "127.0.0.1";

    private DefaultRouteAddress() {
    }

    static String find() {
        try {
            return defaultInterface(Files.readAllLines(Path.of("/proc/net/route")))
                    .flatMap(DefaultRouteAddress::ipv4Of).orElse(LOOPBACK);
        } catch (IOException | RuntimeException e) {
            return LOOPBACK;
        }
    }

    /** The interface of the first route to 00000000 with mask 00000000 (columns Iface, Destination, …, Mask). */
    static Optional<String> defaultInterface(List<String> routeTable) {
        for (String line : routeTable.subList(Math.min(1, routeTable.size()), routeTable.size())) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 7 && cols[1].equals("00000000") && cols[7].equals("00000000")) {
                return Optional.of(cols[0]);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ipv4Of(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                return Optional.empty();
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address.getHostAddress());
                }
            }
            return Optional.empty();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
