package org.qualigate.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.connector.contract.DocumentedPayloads.json;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.ScimTokenEndpoint;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SCIM server as RFC 7643/7644 describe it, reached the ways real MES vendors require: the enterprise user
 * extension's {@code employeeNumber} as the match (RFC 7643 §4.3, §8.3), OAuth 2.0 client credentials (RFC 6749
 * §4.4), HTTP Basic (RFC 7617), and a client certificate (mutual TLS) — against the sandbox's SCIM server.
 */
class ScimVendorContractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RoleName OPERATOR = RoleName.of("BSL.FILL-1.OPERATOR");
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests());
        sandbox.scim().createGroup("Filling line 1 operators");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Verifies("URS-INT-058")
    @Test
    void theDocumentedEnterpriseUserIsMatchedByItsEmployeeNumber() {
        JsonNode documented = json("scim-enterprise-user.json");
        ScimTargetSettings settings = settings("sandbox-scim-token").withMatchAttribute("employeeNumber");

        assertThat(ScimResource.matchValue(documented, settings.matchAttribute()))
                .isEqualTo("701984");
        assertThat(settings.filterAttribute())
                .isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber");
    }

    @Verifies({"URS-INT-058", "URS-INT-008"})
    @Test
    void anOperatorWhoseUserNameIsAnEmailIsFoundByTheEnterpriseEmployeeNumber() throws Exception {
        String userId = createEnterpriseUser("c.operator@plant.example", "E40001");
        sandbox.scim().addMember("Filling line 1 operators", "c.operator@plant.example");
        ScimAccessTarget target = new ScimAccessTarget(
                settings("sandbox-scim-token").withMatchAttribute("employeeNumber"), Clock.systemUTC());

        assertThat(target.read(EmployeeId.of("E40001")))
                .contains(TargetAccount.of(EmployeeId.of("E40001"), userId, Set.of(OPERATOR)));
        assertThat(target.read(EmployeeId.of("E40999"))).isEmpty();
    }

    @Verifies("URS-INT-058")
    @Test
    void oauthClientCredentialsGetATokenAndANewOneWhenTheServerRefusesTheOld() {
        sandbox.scim().createUser("E40002", "E40002", "OAuth Operator");
        HttpClient http = ScimClientFactory.client(Duration.ofSeconds(5), null, null);
        ScimAuthentication oauth = new ScimAuthentication.ClientCredentials(
                sandbox.scimTokenUri(),
                ScimTokenEndpoint.CLIENT_ID,
                ScimTokenEndpoint.CLIENT_SECRET,
                ScimTokenEndpoint.SCOPE,
                http,
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                Traces.CallRecorder.NONE);
        ScimAccessTarget target = new ScimAccessTarget(settings(""), oauth, http, Clock.systemUTC());
        int before = sandbox.scimTokens().tokensIssued();

        assertThat(target.read(EmployeeId.of("E40002"))).isPresent();
        sandbox.scimTokens().expireTokens();
        assertThat(target.read(EmployeeId.of("E40002"))).isPresent();

        assertThat(sandbox.scimTokens().tokensIssued() - before).isEqualTo(2);
        assertThat(oauth.toString()).doesNotContain(ScimTokenEndpoint.CLIENT_SECRET);
    }

    @Verifies("URS-INT-058")
    @Test
    void aRefusedOauthClientIsPermanentAndNamesTheClientNotTheSecret() {
        HttpClient http = ScimClientFactory.client(Duration.ofSeconds(5), null, null);
        ScimAuthentication wrong = new ScimAuthentication.ClientCredentials(
                sandbox.scimTokenUri(),
                ScimTokenEndpoint.CLIENT_ID,
                "s3cret-but-wrong",
                null,
                http,
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                Traces.CallRecorder.NONE);
        ScimAccessTarget target = new ScimAccessTarget(settings(""), wrong, http, Clock.systemUTC());

        assertThatThrownBy(() -> target.read(EmployeeId.of("E40002")))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining(ScimTokenEndpoint.CLIENT_ID)
                .hasMessageNotContaining("s3cret-but-wrong");
    }

    @Verifies("URS-INT-058")
    @Test
    void httpBasicIsSentAndARefusalNamesTheBasicUser() {
        sandbox.scim().createUser("E40003", "E40003", "Basic Operator");
        ScimAuthentication basic = new ScimAuthentication.Basic("mes-integration", "basic-pw-4411");
        sandbox.scim().acceptAuthorization(basic.authorization().orElseThrow());
        HttpClient http = ScimClientFactory.client(Duration.ofSeconds(5), null, null);

        assertThat(new ScimAccessTarget(settings(""), basic, http, Clock.systemUTC()).read(EmployeeId.of("E40003")))
                .isPresent();
        assertThatThrownBy(() -> new ScimAccessTarget(
                                settings(""),
                                new ScimAuthentication.Basic("mes-integration", "wrong-pw"),
                                http,
                                Clock.systemUTC())
                        .read(EmployeeId.of("E40003")))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("Basic user mes-integration")
                .hasMessageNotContaining("wrong-pw");
    }

    @Verifies("URS-INT-058")
    @Test
    void aClientCertificateOpensAServerThatRequiresOneAndItsAbsenceDoesNot(@TempDir Path dir) throws Exception {
        sandbox.scim().createUser("E40004", "E40004", "Certificate Operator");
        Certificates certs = Certificates.make(dir);
        HttpsServer server = mutualTlsProxy(certs);
        try {
            URI base = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2");
            ScimTargetSettings settings =
                    ScimTargetSettings.of("mes", base, "", Map.of(OPERATOR, "Filling line 1 operators"));
            HttpClient withCertificate = ScimClientFactory.client(
                    Duration.ofSeconds(5),
                    new ScimClientFactory.Store(certs.clientKeys(), Certificates.PASSWORD, "PKCS12"),
                    new ScimClientFactory.Store(certs.clientTrust(), Certificates.PASSWORD, "PKCS12"));
            HttpClient withoutCertificate = ScimClientFactory.client(
                    Duration.ofSeconds(5),
                    null,
                    new ScimClientFactory.Store(certs.clientTrust(), Certificates.PASSWORD, "PKCS12"));

            assertThat(new ScimAccessTarget(settings, new ScimAuthentication.None(), withCertificate, Clock.systemUTC())
                            .read(EmployeeId.of("E40004")))
                    .isPresent();
            assertThatThrownBy(() -> new ScimAccessTarget(
                                    settings, new ScimAuthentication.None(), withoutCertificate, Clock.systemUTC())
                            .read(EmployeeId.of("E40004")))
                    .isInstanceOf(TargetException.class);
        } finally {
            server.stop(0);
        }
    }

    @Verifies("URS-INT-058")
    @Test
    void theConnectTimeoutIsTheTargetsOwn() {
        ScimTargetSettings settings =
                settings("sandbox-scim-token").withTimeouts(Duration.ofMillis(750), Duration.ofSeconds(3));
        HttpClient http = ScimClientFactory.client(settings.connectTimeout(), null, null);

        assertThat(http.connectTimeout()).contains(Duration.ofMillis(750));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static ScimTargetSettings settings(String token) {
        return ScimTargetSettings.of("mes", sandbox.scimBaseUri(), token, Map.of(OPERATOR, "Filling line 1 operators"));
    }

    /** Creates the user over SCIM itself, with the enterprise extension (RFC 7643 §4.3). */
    private static String createEnterpriseUser(String userName, String employeeNumber) throws Exception {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas")
                .add("urn:ietf:params:scim:schemas:core:2.0:User")
                .add(ScimTargetSettings.ENTERPRISE_USER);
        user.put("userName", userName);
        user.put("active", true);
        user.putObject(ScimTargetSettings.ENTERPRISE_USER).put("employeeNumber", employeeNumber);
        HttpResponse<String> created = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sandbox.scimBaseUri() + "/Users"))
                                .header("Authorization", "Bearer sandbox-scim-token")
                                .header("Content-Type", "application/scim+json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    /** An HTTPS server that requires a client certificate and passes each request on to the sandbox's SCIM. */
    private static HttpsServer mutualTlsProxy(Certificates certs) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(certs.serverKeys()), Certificates.PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(certs.serverTrust()));
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        HttpClient upstream = HttpClient.newHttpClient();
        server.createContext("/", exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(
                                sandbox.baseUri() + exchange.getRequestURI().toString()))
                        .header("Authorization", "Bearer sandbox-scim-token")
                        .method(
                                exchange.getRequestMethod(),
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null) {
                    forward.header("Content-Type", type);
                }
                HttpResponse<byte[]> answer = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers()
                        .firstValue("Content-Type")
                        .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                answer.headers()
                        .firstValue("ETag")
                        .ifPresent(v -> exchange.getResponseHeaders().set("ETag", v));
                exchange.sendResponseHeaders(
                        answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            ks.load(in, Certificates.PASSWORD.toCharArray());
        }
        return ks;
    }

    /** Key pairs for a server and a client, and each one's trust of the other, made with the JDK's keytool. */
    private record Certificates(Path serverKeys, Path serverTrust, Path clientKeys, Path clientTrust) {

        static final String PASSWORD = "changeit-test";

        static Certificates make(Path dir) throws IOException, InterruptedException {
            Certificates c = new Certificates(
                    dir.resolve("server.p12"),
                    dir.resolve("server-trust.p12"),
                    dir.resolve("client.p12"),
                    dir.resolve("client-trust.p12"));
            keytool(
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-keystore",
                    c.serverKeys().toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD);
            keytool(
                    "-genkeypair",
                    "-alias",
                    "client",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=qualigate",
                    "-validity",
                    "2",
                    "-keystore",
                    c.clientKeys().toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD);
            Path serverCert = dir.resolve("server.crt");
            Path clientCert = dir.resolve("client.crt");
            keytool(
                    "-exportcert",
                    "-alias",
                    "server",
                    "-keystore",
                    c.serverKeys().toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    serverCert.toString());
            keytool(
                    "-exportcert",
                    "-alias",
                    "client",
                    "-keystore",
                    c.clientKeys().toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    clientCert.toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "client",
                    "-file",
                    clientCert.toString(),
                    "-keystore",
                    c.serverTrust().toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD);
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "server",
                    "-file",
                    serverCert.toString(),
                    "-keystore",
                    c.clientTrust().toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD);
            return c;
        }

        private static void keytool(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        }
    }
}
