package dev.berth.build.step;

import dev.berth.build.dockerfile.DockerfileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EXPOSE's port words ({@code 80}, {@code 53/udp}, {@code 8000-8002/tcp}) as Docker's port keys. */
final class PortSpec {
    private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?",
            Pattern.CASE_INSENSITIVE);

    private PortSpec() {
    }

    static List<String> expand(String word) {
        Matcher m = PORT.matcher(word);
        if (!m.matches()) {
            throw new DockerfileException("Invalid containerPort: " + word);
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        if (first < 1 || last > 65535 || last < first) {
            throw new DockerfileException("Invalid range specified for the Port: " + word);
        }
        String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
        List<String> ports = new ArrayList<>();
        for (int port = first; port <= last; port++) {
            ports.add(port + "/" + proto);
        }
        return ports;
    }
}
