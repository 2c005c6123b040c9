package dev.berth.runtime.net;

import java.util.Optional;

/** The default names ({@code berth}, {@code BERTH}) and an unreachable network-service, for unit tests. */
final class TestNetConfig implements NetConfig {
    @Override
    public String prefix() {
        return "berth";
    }

    @Override
    public String chainPrefix() {
        return "BERTH";
    }

    @Override
    public Optional<String> publishIp() {
        return Optional.empty();
    }

    @Override
    public String networkUrl() {
        return "http://127.0.0.1:1";
    }

    @Override
    public int dnsPort() {
        return 53;
    }
}
