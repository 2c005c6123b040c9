package dev.berth.image.registry;

/** One pull (or login) against one repository: where, who, and the Authorization header that worked last. */
public final class RegistrySession {
    private final RegistryEndpoint endpoint;
    private final RegistryCredentials credentials;
    private final String scope;
    private volatile String authorization;

    /** A pull session: token scope {@code repository:<name>:pull}. */
    public RegistrySession(RegistryEndpoint endpoint, RegistryCredentials credentials) {
        this(endpoint, credentials, endpoint.pullScope());
    }

    /** {@code scope} may be null (a login checks {@code /v2/} only). */
    public RegistrySession(RegistryEndpoint endpoint, RegistryCredentials credentials, String scope) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.scope = scope;
    }

    public String scope() {
        return scope;
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
