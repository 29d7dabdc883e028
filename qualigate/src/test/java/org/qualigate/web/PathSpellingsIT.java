package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.support.AuthorisationMatrix;
import org.qualigate.support.FormSession;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * Another spelling of a path never gets more than the path: every API route of the authorisation matrix is
 * requested in percent-encoded, case, double-slash, path-parameter and dot-segment spellings by every caller
 * (HTTP Basic, a UI session with its CSRF token, and nobody). Where the plain path is denied to the caller,
 * each spelling is refused before any handler runs: by the firewall (400), by the API chain (401, 403), or as
 * no route at all (404, 405); no spelling is ever a server error. Before this, a signed-in auditor's session
 * read the administrators' {@code /api/v1/users} as {@code /%61pi/v1/users}.
 */
class PathSpellingsIT extends QualigateIT {

    /** The people of each column and the password every test user shares. */
    private static final Map<String, String> ACCOUNTS = new LinkedHashMap<>();

    static {
        ACCOUNTS.put("ADMINISTRATOR", "admin");
        ACCOUNTS.put("QA_APPROVER", "qa-approver");
        ACCOUNTS.put("HR_MAPPING_EDITOR", "hr-editor");
        ACCOUNTS.put("PLANT_MANAGER", "plant-manager");
        ACCOUNTS.put("AUDITOR", USER);
    }

    private String service;

    @BeforeEach
    void aServiceAccount() {
        if (service == null) {
            service = "svc-paths-" + UUID.randomUUID().toString().substring(0, 8);
            var created = postAs(
                    "admin",
                    "/api/v1/users",
                    "{\"username\":\"" + service + "\",\"displayName\":\"Path test\",\"kind\":\"SERVICE\","
                            + "\"roles\":[\"SERVICE\"],\"password\":\"" + PASSWORD + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @Verifies({"URS-SEC-030", "URS-SEC-002"})
    @Test
    void anAuditorsSessionCannotReadTheAdministratorsUsersThroughAnEncodedPath() {
        FormSession auditor = FormSession.signedIn(uri("/"), USER, PASSWORD);
        HttpResponse<String> encoded = auditor.send(HttpRequest.newBuilder(uri("/%61pi/v1/users")));
        assertThat(encoded.statusCode()).isEqualTo(400);
        assertThat(json(encoded).get("type").asString()).endsWith("/request-rejected");
        assertThat(encoded.body()).doesNotContain("\"users\"");
        HttpResponse<String> outbox = auditor.send(HttpRequest.newBuilder(uri("/%61pi/v1/mail/outbox")));
        assertThat(outbox.statusCode()).isEqualTo(400);

        // the plain path: the auditor is denied the users, the administrator is not
        assertThat(get("/api/v1/users").statusCode()).isEqualTo(403);
        assertThat(exchange(HttpRequest.newBuilder(uri("/api/v1/users"))
                                .header("authorization", basic("admin"))
                                .build())
                        .statusCode())
                .isEqualTo(200);
    }

    @Verifies({"URS-SEC-030", "URS-SEC-007"})
    @Test
    void noSpellingOfAnyApiRouteReachesAHandlerForAnyCaller() throws Exception {
        Map<String, List<Boolean>> matrix = AuthorisationMatrix.read().rows();
        List<String> routes =
                matrix.keySet().stream().filter(r -> isApi(r.split(" ", 2)[1])).toList();
        assertThat(routes).hasSizeGreaterThan(60);

        List<Caller> callers = new ArrayList<>();
        ACCOUNTS.forEach((role, user) -> callers.add(Caller.basic(role, user)));
        callers.add(Caller.basic("SERVICE", service));
        callers.add(Caller.nobody());
        ACCOUNTS.forEach(
                (role, user) -> callers.add(Caller.session(role, FormSession.signedIn(uri("/"), user, PASSWORD))));
        callers.add(Caller.session("SERVICE", FormSession.signedIn(uri("/"), service, PASSWORD)));

        List<String> findings = Collections.synchronizedList(new ArrayList<>());
        int requests = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (String route : routes) {
                String method = route.split(" ", 2)[0];
                String path = route.split(" ", 2)[1].replaceAll("\\{[^}]+}", "1");
                for (String spelling : spellings(path)) {
                    for (Caller caller : callers) {
                        // what the plain path gives this caller: the matrix's cell; a UI session is nobody to
                        // the stateless API, so it gets what ANONYMOUS gets
                        String column = caller.session() == null ? caller.role() : "ANONYMOUS";
                        boolean plainAllowed = matrix.get(route).get(AuthorisationMatrix.CALLERS.indexOf(column));
                        requests++;
                        done.add(pool.submit(() -> {
                            HttpResponse<String> r = request(caller, method, spelling);
                            String why = r.statusCode() >= 500 ? "a server error" : plainAllowed ? null : notRefused(r);
                            if (why != null) {
                                findings.add(
                                        method + " " + spelling + " as " + caller + ": " + r.statusCode() + " " + why);
                            }
                        }));
                    }
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(requests).isGreaterThan(10_000);
        assertThat(findings)
                .as("spellings that were not refused before a handler")
                .isEmpty();
    }

    /** Null when the response refuses the request before any handler ran; else what is wrong with it. */
    private static @Nullable String notRefused(HttpResponse<String> r) {
        int s = r.statusCode();
        if (s == 401 || s == 403 || s == 405) {
            return null;
        }
        if (s == 302 || s == 303) {
            String to = r.headers().firstValue("location").orElse("");
            return to.equals("/login") ? null : "redirect to " + to;
        }
        String type = problemType(r);
        boolean problem = r.headers().firstValue("content-type").orElse("").startsWith("application/problem+json");
        if (s == 400) {
            // the firewall's refusal, or the servlet container's own (an encoded slash never reaches Spring)
            return !problem || type.endsWith("/request-rejected") ? null : "a handler's 400 (" + type + ")";
        }
        if (s == 404) {
            // no route for this spelling (type about:blank, or none), never a handler's "no such thing"
            return type.isEmpty() || type.equals("about:blank") ? null : "a handler's 404 (" + type + ")";
        }
        return "not a refusal: " + r.body().substring(0, Math.min(200, r.body().length()));
    }

    private static String problemType(HttpResponse<String> r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            return n.has("type") ? n.get("type").asString() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The spellings of a path that are not the path. */
    static List<String> spellings(String path) {
        String[] s = path.substring(1).split("/");
        String first = s[0];
        String rest = path.substring(1 + first.length());
        List<String> out = new ArrayList<>();
        out.add("/" + first.toUpperCase(Locale.ROOT) + rest);
        out.add("/" + Character.toUpperCase(first.charAt(0)) + first.substring(1) + rest);
        out.add(path.toUpperCase(Locale.ROOT));
        out.add("/" + encodeFirst(first) + rest);
        out.add("/%25" + String.format("%02X", (int) first.charAt(0)) + first.substring(1) + rest);
        int last = lastLiteral(s);
        if (last > 0) {
            String[] t = s.clone();
            t[last] = encodeFirst(t[last]);
            out.add("/" + String.join("/", t));
            String[] u = s.clone();
            u[last] = u[last].toUpperCase(Locale.ROOT);
            out.add("/" + String.join("/", u));
        }
        out.add("/" + path);
        out.add("/" + first + "/" + rest);
        out.add(path + ";jsessionid=" + UUID.randomUUID());
        out.add("/" + first + ";x=1" + rest);
        out.add("/" + first + "/." + rest);
        out.add("/" + first + "/x/.." + rest);
        out.add("/" + first + "%2F" + (rest.isEmpty() ? "" : rest.substring(1)));
        out.add("/" + first + "%2f" + (rest.isEmpty() ? "" : rest.substring(1)));
        out.add(path + "/");
        return out;
    }

    private static int lastLiteral(String[] segments) {
        for (int i = segments.length - 1; i > 0; i--) {
            if (!segments[i].equals("1") && Character.isLetter(segments[i].charAt(0))) {
                return i;
            }
        }
        return -1;
    }

    private static String encodeFirst(String segment) {
        return String.format("%%%02X", (int) segment.charAt(0)) + segment.substring(1);
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/")
                || path.startsWith("/v3/")
                || path.startsWith("/swagger-ui")
                || path.startsWith("/actuator")
                || path.equals("/error");
    }

    private HttpResponse<String> request(Caller caller, String method, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (method.equals("POST")) {
            b.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.GET();
        }
        if (caller.session() != null) {
            b.header("X-CSRF-TOKEN", caller.session().csrfToken());
            return caller.session().send(b);
        }
        if (caller.user() != null) {
            b.header("authorization", basic(caller.user()));
        }
        return exchange(b.build());
    }

    /** One column of the matrix and how it calls: HTTP Basic, a UI session, or not signed in. */
    private record Caller(
            String role, @Nullable String user, @Nullable FormSession session) {

        static Caller basic(String role, String user) {
            return new Caller(role, user, null);
        }

        static Caller session(String role, FormSession session) {
            return new Caller(role, null, session);
        }

        static Caller nobody() {
            return new Caller("ANONYMOUS", null, null);
        }

        @Override
        public String toString() {
            return role + (session != null ? " (UI session)" : user != null ? " (Basic)" : "");
        }
    }
}
