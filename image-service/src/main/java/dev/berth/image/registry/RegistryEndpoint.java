package dev.berth.image.registry;

import dev.berth.image.reference.Reference;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a repository lives: the registry host (as named in the reference), the API base URI and the repository path
 * under {@code /v2/}. Plain HTTP for loopback registries and hosts in {@code BERTH_INSECURE_REGISTRIES}, as Docker.
 */
public record RegistryEndpoint(String host, URI base, String repository) {

    public static RegistryEndpoint of(Reference ref, String insecureRegistries) {
        String name = ref.name();
        int slash = name.indexOf('/');
        String host = name.substring(0, slash);
        String repository = name.substring(slash + 1);
        String apiHost = host.equals(Reference.DEFAULT_DOMAIN) ? "registry-1.docker.io" : host;
        String scheme = isInsecure(host, insecureRegistries) ? "http" : "https";
        return new RegistryEndpoint(host, URI.create(scheme + "://" + apiHost), repository);
    }

    /** The registry at a login's {@code serveraddress}: {@code host[:port]}, with or without scheme and path. */
    public static RegistryEndpoint ofServer(String serverAddress, String insecureRegistries) {
        String host = serverAddress == null || serverAddress.isBlank() ? Reference.DEFAULT_DOMAIN
                : serverAddress.trim().replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            host = Reference.DEFAULT_DOMAIN;
        }
        String apiHost = host.equals(Reference.DEFAULT_DOMAIN) ? "registry-1.docker.io" : host;
        String scheme = isInsecure(host, insecureRegistries) ? "http" : "https";
        return new RegistryEndpoint(host, URI.create(scheme + "://" + apiHost), "");
    }

    static boolean isInsecure(String host, String insecureRegistries) {
        String bare = host.startsWith("[") ? host.substring(1, host.indexOf(']'))
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        if (bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1")) {
            return true;
        }
        Set<String> listed = insecureRegistries == null ? Set.of()
                : Arrays.stream(insecureRegistries.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
        return listed.contains(host) || listed.contains(bare);
    }

    public URI manifest(String reference) {
        return base.resolve("/v2/" + repository + "/manifests/" + reference);
    }

    public URI blob(String digest) {
        return base.resolve("/v2/" + repository + "/blobs/" + digest);
    }

    public URI ping() {
        return base.resolve("/v2/");
    }

    /** {@code POST} here starts an upload (with {@code ?mount=&from=}: a cross-repository mount). */
    public URI uploads() {
        return base.resolve("/v2/" + repository + "/blobs/uploads/");
    }

    /** The token scope for pushing to this repository. */
    public String pushScope() {
        return "repository:" + repository + ":pull,push";
    }

    /** The token scope for pulling this repository. */
    public String pullScope() {
        return "repository:" + repository + ":pull";
    }
}
