package dev.berth.image.registry;

/** One pull (or login) against one repository: where, who, and the Authorization header that worked last. */
public final class RegistrySession {
    private final RegistryEndpoint endpoint;
    private final RegistryCredentials credentials;
    private volatile String authorization;

    public RegistrySession(RegistryEndpoint endpoint, RegistryCredentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    public RegistryCredentials credentials() {
        return credentials;
    }

    public String authorization() {
        return authorization;
    }

    void authorization(String value) {
        this.authorization = value;
    }
}
