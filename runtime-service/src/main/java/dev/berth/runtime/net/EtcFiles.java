package dev.berth.runtime.net;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.runtime.node.KernelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A container's /etc/hosts and /etc/resolv.conf, as Docker writes them. */
public final class EtcFiles {
    /** The loopback lines every container's /etc/hosts starts with. */
    public static final String LOCAL_HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "fe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    private EtcFiles() {
    }

    /** extraHosts: "name:ip" entries (host-gateway already replaced); links: "ip\tnames" lines. */
    public static String hosts(String ip, String hostname, String domainname, List<String> extraHosts,
            List<String> links) {
        StringBuilder b = new StringBuilder(LOCAL_HOSTS);
        for (String e : extraHosts) {
            int colon = e.indexOf(':');
            if (colon > 0) {
                b.append(e.substring(colon + 1)).append('\t').append(e, 0, colon).append('\n');
            }
        }
        links.forEach(l -> b.append(l).append('\n'));
        if (ip != null) {
            b.append(ip).append('\t');
            if (domainname != null && !domainname.isEmpty()) {
                b.append(hostname).append('.').append(domainname).append(' ');
            }
            b.append(hostname).append('\n');
        }
        return b.toString();
    }

    /**
     * The host's resolv.conf with loopback nameservers dropped (they mean nothing in the container's namespace;
     * Docker falls back to Google's then), overridden by --dns, --dns-search, --dns-option; on a user network the
     * nameserver is the network's DNS server.
     */
    public static String resolvConf(List<String> hostLines, List<String> dns, List<String> search, List<String> options,
            String embeddedDns) {
        List<String> nameservers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> opts = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String line : hostLines) {
            String t = line.strip();
            if (t.startsWith("nameserver")) {
                String ns = t.substring("nameserver".length()).strip();
                if (!ns.startsWith("127.") && !ns.equals("::1")) {
                    nameservers.add(ns);
                }
            } else if (t.startsWith("search") || t.startsWith("domain")) {
                searches.addAll(List.of(t.replaceFirst("^(search|domain)\\s*", "").split("\\s+")));
            } else if (t.startsWith("options")) {
                opts.addAll(List.of(t.substring("options".length()).strip().split("\\s+")));
            } else if (!t.isEmpty() && !t.startsWith("#")) {
                other.add(t);
            }
        }
        if (!dns.isEmpty()) {
            nameservers = dns;
        }
        if (nameservers.isEmpty()) {
            nameservers = List.of("8.8.8.8", "8.8.4.4");
        }
        if (embeddedDns != null) {
            nameservers = List.of(embeddedDns);
        }
        if (!search.isEmpty()) {
            searches = search.equals(List.of(".")) ? new ArrayList<>() : new ArrayList<>(search);
        }
        if (!options.isEmpty()) {
            opts = new ArrayList<>(options);
        }
        StringBuilder b = new StringBuilder();
        searches.removeIf(String::isBlank);
        if (!searches.isEmpty()) {
            b.append("search ").append(String.join(" ", searches)).append('\n');
        }
        nameservers.forEach(ns -> b.append("nameserver ").append(ns).append('\n'));
        opts.removeIf(String::isBlank);
        if (!opts.isEmpty()) {
            b.append("options ").append(String.join(" ", opts)).append('\n');
        }
        return b.toString();
    }

    static List<String> hostResolvConf(KernelFiles kernel) {
        try {
            return kernel.lines(Path.of("/etc/resolv.conf"));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
