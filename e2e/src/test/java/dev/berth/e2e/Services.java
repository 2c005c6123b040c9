package dev.berth.e2e;

/** Addresses of the platform's services for internal calls, honouring the side-instance environment. */
final class Services {
    private Services() {
    }

    /** image-service: BERTH_IMAGE_URL, else the second port above BERTH_PORT_BASE (default 7100). */
    static String imageService() {
        return service("BERTH_IMAGE_URL", 1);
    }

    /** build-service: BERTH_BUILD_URL, else the third port above BERTH_PORT_BASE (default 7100). */
    static String buildService() {
        return service("BERTH_BUILD_URL", 2);
    }

    private static String service(String urlVariable, int portOffset) {
        String url = System.getenv(urlVariable);
        if (url != null && !url.isEmpty()) {
            return url;
        }
        int base = Integer.parseInt(System.getenv().getOrDefault("BERTH_PORT_BASE", "7100"));
        return "http://127.0.0.1:" + (base + portOffset);
    }

    /** The cluster's service token (./berth exports BERTH_SERVICE_TOKEN): internal calls need it. */
    static String serviceToken() {
        return System.getenv().getOrDefault("BERTH_SERVICE_TOKEN", "");
    }

    /** The registry side's basic-auth password (./berth exports BERTH_REGISTRY_PASSWORD from its secrets). */
    static String registryPassword() {
        return System.getenv().getOrDefault("BERTH_REGISTRY_PASSWORD", "");
    }

    /** {@code Authorization} header value for the registry side. */
    static String registryAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                ("berth:" + registryPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
