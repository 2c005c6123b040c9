package dev.berth.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS between services on different machines: a service whose {@code BERTH_<SERVICE>_URL} is {@code https://…} is
 * trusted if its certificate chains to the cluster's CA ({@code BERTH_SERVICE_TLS_CA}, a PEM file that
 * {@code ./berth} makes under {@code $BERTH_DATA/tls}). The service token still goes with every call; TLS keeps it
 * (and everything else) off the wire in clear.
 */
public final class ServiceTls {
    private ServiceTls() {
    }

    /** The cluster CA clients trust, when one is configured. */
    public static Optional<Path> ca() {
        String ca = System.getenv().getOrDefault("BERTH_SERVICE_TLS_CA", "").trim();
        return ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca));
    }

    /** An SSL context that trusts exactly the certificates in the PEM file {@code ca}. */
    public static SSLContext trusting(Path ca) {
        try (InputStream in = Files.newInputStream(ca)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalStateException("no certificate in " + ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the cluster CA " + ca + ": " + e.getMessage(), e);
        }
    }
}
