package org.qualigate.connector.scim;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds the HTTP client of a SCIM target: HTTP/1.1, no redirects (credentials stay with the configured server), the
 * target's connect timeout, and — for a server that authenticates clients by certificate (mutual TLS) — the client's
 * key store, with an optional trust store for a server certificate the JDK's default trust does not know.
 */
public final class ScimClientFactory {

    private ScimClientFactory() {}

    /** A key or trust store: a PKCS12 (or JKS) file and its password. */
    public record Store(Path path, String password, String type) {

        public Store {
            if (path == null) {
                throw new IllegalArgumentException("a key or trust store needs a path");
            }
            password = password == null ? "" : password;
            type = type == null || type.isBlank() ? "PKCS12" : type;
        }

        @Override
        public String toString() {
            return "Store[path=" + path + ", type=" + type + ", password=(redacted)]";
        }
    }

    /** A client with the connect timeout, and with the client certificate when a key store is given. */
    public static HttpClient client(Duration connectTimeout, @Nullable Store keyStore, @Nullable Store trustStore) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (keyStore != null || trustStore != null) {
            builder.sslContext(sslContext(keyStore, trustStore));
        }
        return builder.build();
    }

    static SSLContext sslContext(@Nullable Store keyStore, @Nullable Store trustStore) {
        try {
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                KeyStore ks = load(keyStore);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(ks, keyStore.password().toCharArray());
            }
            TrustManagerFactory trust = null;
            if (trustStore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(trustStore));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the SCIM target's key or trust store: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Store store) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(store.type());
        try (InputStream in = Files.newInputStream(store.path())) {
            ks.load(in, store.password().toCharArray());
        }
        return ks;
    }
}
