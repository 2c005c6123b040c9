package dev.berth.runtime.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The environment a legacy link gives the linking container (moby daemon/links/links.go ToEnv):
 * {@code ALIAS_PORT=tcp://ip:port} for the first exposed port, {@code ALIAS_PORT_<n>_<PROTO>[_ADDR|_PORT|_PROTO]}
 * per port, {@code _START}/{@code _END} for a run of consecutive ports, {@code ALIAS_NAME=/parent/alias} and the
 * target's Env as {@code ALIAS_ENV_<KEY>} (but HOME and PATH). Docker 29 sets these only when the daemon runs with
 * {@code DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1}; so does berth's runtime service ({@link #enabled()}).
 */
public final class LinkEnv {
    public static final String ESCAPE_HATCH = "DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS";

    private LinkEnv() {
    }

    public static boolean enabled() {
        return "1".equals(System.getenv(ESCAPE_HATCH));
    }

    private record Port(int num, String proto) {
    }

    /** {@code linkName}: "/parent/alias"; {@code exposedPorts}: Config.ExposedPorts ("80/tcp" → {}). */
    public static List<String> of(String linkName, String childIp, List<String> childEnv, JsonNode exposedPorts) {
        String alias = linkName.substring(linkName.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT).replace('-', '_');
        List<Port> ports = new ArrayList<>();
        if (exposedPorts != null) {
            for (Iterator<String> it = exposedPorts.fieldNames(); it.hasNext();) {
                String key = it.next();
                int slash = key.indexOf('/');
                try {
                    ports.add(new Port(Integer.parseInt(slash < 0 ? key : key.substring(0, slash)),
                            slash < 0 ? "tcp" : key.substring(slash + 1)));
                } catch (NumberFormatException e) {
                    // not a port
                }
            }
        }
        ports.sort(Comparator.<Port>comparingInt(p -> p.proto().equals("tcp") ? 0 : 1)
                .thenComparing(p -> p.proto().equals("tcp") ? "" : p.proto()).thenComparingInt(Port::num));
        List<String> env = new ArrayList<>();
        Port start = null;
        Port end = null;
        for (int i = 0; i < ports.size(); i++) {
            Port p = ports.get(i);
            if (i == 0) {
                start = p;
                end = p;
                env.add(alias + "_PORT=" + p.proto() + "://" + childIp + ":" + p.num());
            }
            String prefix = alias + "_PORT_" + p.num() + "_" + p.proto().toUpperCase(Locale.ROOT);
            env.add(prefix + "=" + p.proto() + "://" + childIp + ":" + p.num());
            env.add(prefix + "_ADDR=" + childIp);
            env.add(prefix + "_PORT=" + p.num());
            env.add(prefix + "_PROTO=" + p.proto());
            if (p.num() == end.num() + 1 && p.proto().equals(end.proto())) {
                end = p;
                if (i < ports.size() - 1) {
                    continue;
                }
            }
            if (!end.equals(start)) {
                String rp = alias + "_PORT_" + start.num() + "_" + start.proto().toUpperCase(Locale.ROOT);
                env.add(rp + "_START=" + start.proto() + "://" + childIp + ":" + start.num());
                env.add(rp + "_PORT_START=" + start.num());
                env.add(rp + "_END=" + end.proto() + "://" + childIp + ":" + end.num());
                env.add(rp + "_PORT_END=" + end.num());
            }
            start = p;
            end = p;
        }
        env.add(alias + "_NAME=" + linkName);
        if (childEnv != null) {
            for (String v : childEnv) {
                int eq = v.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = v.substring(0, eq);
                if (key.equals("HOME") || key.equals("PATH")) {
                    continue;
                }
                env.add(alias + "_ENV_" + key + "=" + v.substring(eq + 1));
            }
        }
        return env;
    }
}
