package dev.berth.common.http.forward;

import dev.berth.common.http.ServiceTls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * The clients a call is passed on with (the gateway to a service, a node to another node): keep-alive HTTP for
 * {@link StreamingProxy}, plain and TLS TCP for {@link HijackTunnel}; an {@code https://} service must present a
 * certificate of the cluster's CA ({@link ServiceTls}).
 */
public final class ForwardClients {
    private ForwardClients() {
    }

    public static HttpClient http(Vertx vertx, int maxPoolSize) {
        return http(vertx, maxPoolSize, new HttpClientOptions().getConnectTimeout());
    }

    /** {@code connectMillis}: how long a connection may take (a node that went silent takes forever otherwise). */
    public static HttpClient http(Vertx vertx, int maxPoolSize, int connectMillis) {
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(maxPoolSize)
                .setIdleTimeout(0).setConnectTimeout(connectMillis);
        ServiceTls.ca().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        return vertx.createHttpClient(options);
    }

    public static HijackTunnel tunnel(Vertx vertx) {
        NetClientOptions tls = new NetClientOptions().setTcpNoDelay(true).setSsl(true)
                .setHostnameVerificationAlgorithm("HTTPS");
        ServiceTls.ca().ifPresent(ca -> tls.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        return new HijackTunnel(vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)),
                vertx.createNetClient(tls));
    }
}
