package dev.berth.e2e.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The listening sockets of one network namespace, read from its {@code /proc/<pid>/net} tables, by inode. */
final class ProcNetTables {
    private ProcNetTables() {
    }

    /** inode → {bound address as listed, address to connect to, port} of LISTEN (0A) sockets in tcp and tcp6. */
    static Map<Long, String[]> tcpListeners(Path net) {
        Map<Long, String[]> map = new HashMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            for (String line : lines(net.resolve(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[3].equals("0A") || !f[1].contains(":")) {
                    continue;
                }
                String[] addressPort = f[1].split(":");
                byte[] raw = decode(addressPort[0]);
                int port = Integer.parseInt(addressPort[1], 16);
                try {
                    InetAddress address = InetAddress.getByAddress(raw); // a v4-mapped v6 address comes back as v4
                    String bound = (address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                            : address.getHostAddress()) + ":" + port;
                    String connect = address.isAnyLocalAddress() ? "127.0.0.1"
                            : address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                            : address.getHostAddress();
                    map.put(Long.parseLong(f[9]), new String[] {bound, connect, String.valueOf(port)});
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return map;
    }

    /** /proc/net/tcp{,6} addresses: 32-bit words in host (little-endian) byte order. */
    private static byte[] decode(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int word = 0; word < out.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                out[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return out;
    }

    /** inode → {path (or @abstract name), type} of listening (__SO_ACCEPTCON) unix sockets with a name. */
    static Map<Long, String[]> unixListeners(Path net) {
        Map<Long, String[]> map = new HashMap<>();
        for (String line : lines(net.resolve("unix"))) {
            String[] f = line.trim().split("\\s+", 8);
            if (f.length < 8 || !f[0].endsWith(":")) {
                continue; // header, or no name
            }
            if ((Long.parseLong(f[3], 16) & 0x10000L) == 0) {
                continue; // not listening
            }
            String type = switch (f[4]) {
                case "0001" -> "stream";
                case "0002" -> "dgram";
                case "0005" -> "seqpacket";
                default -> "type " + f[4];
            };
            map.put(Long.parseLong(f[6]), new String[] {f[7], type});
        }
        return map;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
