package org.qualigate.connector.scim;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** A JDK HTTP client that notes the method and path of every request it sends, for counting them. */
final class CountingHttpClient extends HttpClient {

    private final HttpClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Boolean> patchesWithIfMatch = new CopyOnWriteArrayList<>();

    CountingHttpClient(HttpClient client) {
        this.client = client;
    }

    /** For each PATCH sent, in order, whether it carried an {@code If-Match} header. */
    List<Boolean> patchesWithIfMatch() {
        return List.copyOf(patchesWithIfMatch);
    }

    /** {@code GET /Users}, {@code PATCH /Groups}: one per request sent. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        note(request);
        return client.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        note(request);
        return client.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushes) {
        note(request);
        return client.sendAsync(request, handler, pushes);
    }

    private void note(HttpRequest request) {
        String path = request.uri().getPath();
        String resource = path.contains("/Users")
                ? "/Users"
                : path.contains("/Groups") ? "/Groups" : path.contains("/Schemas") ? "/Schemas" : path;
        requests.add(request.method() + " " + resource);
        if (request.method().equals("PATCH")) {
            patchesWithIfMatch.add(request.headers().firstValue("If-Match").isPresent());
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client.authenticator();
    }

    @Override
    public Version version() {
        return client.version();
    }

    @Override
    public Optional<Executor> executor() {
        return client.executor();
    }
}
