package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Cookie;
import org.qualigate.support.AuthorisationMatrix;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * No page of the admin UI ever shows template source: signed in as each role, every page reachable by its links
 * (detail pages with real ids included), the error pages, and the pages a refused form comes back to are read as
 * served, and none holds a {@code th:} attribute, a {@code th:block}, an unevaluated expression ({@code ${…}},
 * {@code *{…}}, {@code #{…}}, {@code @{…}}, {@code ~{…}}) or a literal substitution ({@code |…|}) left over.
 */
class NoTemplateSourceOnAnyPageIT extends InBrowserIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";
    /** How many pages of one shape (a path with its ids and query values taken out) are read per role. */
    private static final int PER_SHAPE = 2;

    private static final int MOST_PAGES = 300;

    private static final Map<String, Pattern> LEFTOVERS = leftovers();
    private static final Pattern LINK = Pattern.compile("(?:href|hx-get|action)=\"(/[^\"]*)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** A form sent by POST, with its action (Thymeleaf writes the action before the method, as the pages do). */
    private static final Pattern POST_FORM =
            Pattern.compile("<form(?=[^>]*method=\"post\")[^>]*action=\"(/[^\"]*)\"[^>]*>");

    @Autowired
    JdbcClient jdbc;

    private String person;
    private String code;
    private final AuthorisationMatrix matrix = AuthorisationMatrix.read();
    private final List<String> seeds = new ArrayList<>();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void recordsOfEveryKindToShow() {
        person = newPerson("BSL");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            hook(certification(person, cert).json());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(ROLE));
        // a code waiting for its mapping, drafted and signed as a mapping change set; a parameters change set
        code = "WD-CERT-NT-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        hook(certification(person, code).json());
        long mapping = signedChangeSet(
                "DICTIONARY",
                "mapping for " + person,
                "{\"mappings\": [{\"system\": \"workday\", \"sourceCode\": \"" + code
                        + "\", \"code\": \"GMP-BASIC\"}]}");
        long parameters = signedChangeSet(
                "PARAMETERS", "parameters for " + person, "{\"parameters\": {\"delivery.max-attempts\": \"6\"}}");
        // an override in force, with its QA review waiting
        assertThat(postAs(
                                "plant-manager",
                                "/api/v1/overrides",
                                JSON.writeValueAsString(Map.of(
                                        "employeeId",
                                        person,
                                        "role",
                                        "BSL.FILL-1.LEAD",
                                        "hours",
                                        2,
                                        "reason",
                                        "Line lead absent, batch 24-117 must finish",
                                        "password",
                                        PASSWORD)))
                        .statusCode())
                .isEqualTo(201);
        // a QMS reconciliation run
        assertThat(postAs("admin", "/api/v1/qms/reconciliations?site=SGP", "").statusCode())
                .isEqualTo(201);
        sealAuditTrail();
        long recorded = seq("qualification.recorded");
        long signed = jdbc.sql("SELECT max(seq) FROM audit_event WHERE action = 'signature.applied' AND entity_id = ?")
                .param(Long.toString(mapping))
                .query(Long.class)
                .single();
        seeds.addAll(List.of(
                "/",
                "/people/" + person,
                "/people/" + person + "/roles/" + ROLE,
                "/change-sets/" + mapping,
                "/change-sets/" + parameters,
                "/audit?employeeId=" + person,
                "/audit/" + recorded,
                "/audit/" + signed,
                "/reports?site=BSL",
                "/reports?site=SGP&at=2026-11-19&time=06:30",
                // what comes back when the input is wrong or the thing is not there
                "/people/NO-SUCH-PERSON",
                "/people/" + person + "/roles/not%20a%20role",
                "/people?q=" + "x".repeat(70),
                "/change-sets/999999999",
                "/audit/999999999",
                "/audit/not-a-number",
                "/audit?from=not-a-day&employeeId=not%20an%20id",
                "/audit?before=0",
                "/reports?site=XX&at=not-a-day&time=25:99",
                "/qms/conflicts/00000000-0000-0000-0000-000000000000",
                "/qms/reconciliations/00000000-0000-0000-0000-000000000000",
                "/no/such/page",
                "/denied",
                // the pages of accounts, waiting work, long lists and background jobs (decision 0034)
                "/users/admin",
                "/users/no-such-user",
                "/users?q=a&role=QA_APPROVER&state=enabled",
                "/review/events?outcome=PARKED&sort=newest&employeeId=" + person,
                "/review/events?after=damaged",
                "/mappings?system=workday&sourceCode=" + code,
                "/mappings/preview?system=workday&sourceCode=" + code + "&code=GMP-BASIC",
                "/people?sort=name&status=active",
                "/people?site=BSL&after=" + person + "~" + person,
                "/audit?order=oldest&actor=system",
                "/reports?site=BSL&show=gaps&sort=gaps&page=2",
                "/jobs?whose=all",
                "/jobs/00000000-0000-0000-0000-000000000000",
                "/imports/00000000-0000-0000-0000-000000000000",
                "/password/expired"));
    }

    @Verifies({"URS-ESG-063", "URS-REP-004", "URS-SEC-092"})
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {USER, "admin", "qa-approver", "hr-editor", "plant-manager"})
    void noPageReachableByThisRoleContainsTemplateSyntaxOrAFormItMayNotSend(String user) {
        browser.signIn(user, PASSWORD);
        String role = switch (user) {
            case "admin" -> "ADMINISTRATOR";
            case "qa-approver" -> "QA_APPROVER";
            case "hr-editor" -> "HR_MAPPING_EDITOR";
            case "plant-manager" -> "PLANT_MANAGER";
            default -> "AUDITOR";
        };
        Map<String, String> forbiddenForms = new LinkedHashMap<>();
        Set<String> formsShown = new LinkedHashSet<>();
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        Map<String, Integer> shapes = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(seeds);
        String csrf = null;
        while (!queue.isEmpty() && seen.size() < MOST_PAGES) {
            String path = queue.poll();
            if (!seen.add(path) || shapes.merge(shape(path), 1, Integer::sum) > PER_SHAPE && !seeds.contains(path)) {
                continue;
            }
            HttpResponse<byte[]> response;
            try {
                response = browser.download(path);
            } catch (UncheckedIOException e) {
                // a page that broke off while it was being sent failed as surely as a 500
                statuses.put(path, 599);
                found.put(path, "broken off: " + e.getMessage());
                continue;
            }
            statuses.put(path, response.statusCode());
            if (!response.headers().firstValue("content-type").orElse("").startsWith("text/html")) {
                continue;
            }
            String html = new String(response.body(), StandardCharsets.UTF_8);
            leftover(html).ifPresent(what -> found.put(path, what));
            // every form a page sends by POST must be one the authorisation matrix lets this role send
            Matcher form = POST_FORM.matcher(html);
            while (form.find()) {
                String action = form.group(1).replace("&amp;", "&");
                if (action.equals("/logout") || action.equals("/login")) {
                    continue;
                }
                formsShown.add(action);
                if (!matrix.allows("POST", action, role)) {
                    forbiddenForms.put(
                            path,
                            "POST " + action + " (route "
                                    + matrix.routeOf("POST", action).orElse("none") + ")");
                }
            }
            Matcher token = CSRF.matcher(html);
            if (csrf == null && token.find()) {
                csrf = token.group(1);
            }
            Matcher link = LINK.matcher(html);
            while (link.find()) {
                String next = link.group(1).replace("&amp;", "&");
                int hash = next.indexOf('#');
                next = hash >= 0 ? next.substring(0, hash) : next;
                if (followed(next) && !seen.contains(next)) {
                    queue.add(next);
                }
            }
        }
        // the pages a refused form comes back to, with the refusal beside its field
        assertThat(csrf).as("a CSRF token on some page").isNotNull();
        for (Map.Entry<String, Map<String, String>> form : refusedForms().entrySet()) {
            HttpResponse<String> response = postForm(form.getKey(), form.getValue(), csrf);
            statuses.put("POST " + form.getKey(), response.statusCode());
            leftover(response.body()).ifPresent(what -> found.put("POST " + form.getKey(), what));
        }

        assertThat(found).as("pages with template source, as " + user).isEmpty();
        assertThat(forbiddenForms)
                .as("pages showing " + user + " a form the authorisation matrix does not let them send")
                .isEmpty();
        if (!user.equals(USER)) {
            assertThat(formsShown).as("forms shown to " + user).isNotEmpty();
        }
        assertThat(statuses.entrySet().stream().filter(e -> e.getValue() >= 500).map(Map.Entry::getKey))
                .as("pages that failed, as " + user)
                .isEmpty();
        assertThat(seen)
                .as("pages read as " + user)
                .hasSizeGreaterThan(40)
                .contains("/people/" + person + "/roles/" + ROLE)
                .anyMatch(p -> p.matches("/qms/reconciliations/[0-9a-f-]{36}"))
                .anyMatch(p -> p.matches("/overrides.*"))
                .anyMatch(p -> p.matches("/review.*"));
        assertThat(statuses).containsEntry("/no/such/page", 404).containsEntry("/change-sets/999999999", 404);
    }

    /** Forms sent empty or wrong: each page must come back readable, whoever sends it. */
    private Map<String, Map<String, String>> refusedForms() {
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("/overrides", Map.of("employeeId", "", "role", "", "hours", "99", "reason", ""));
        forms.put("/mappings", Map.of("system", "", "sourceCode", "", "code", "not a code"));
        forms.put("/parameters", Map.of("title", ""));
        forms.put("/rules/edit", Map.of("title", "", "content", "version: 1\nsites: [}"));
        forms.put("/reports/monthly", Map.of("month", "October"));
        forms.put("/users", Map.of("username", "Not A Name", "displayName", "", "timeZone", "Mars/Base"));
        forms.put("/users/admin/roles", Map.of("reason", ""));
        forms.put("/users/no-such-user/disable", Map.of("reason", "left"));
        forms.put("/account/password", Map.of("current", "", "password", "short", "repeat", "other"));
        forms.put("/account/profile", Map.of("timeZone", "Mars/Base", "language", "xx"));
        forms.put("/password/expired", Map.of("username", "", "current", "", "password", "", "repeat", ""));
        forms.put("/review/events/00000000-0000-0000-0000-000000000000/acknowledge", Map.of("reason", ""));
        return forms;
    }

    private static boolean followed(String path) {
        return !path.startsWith("/logout")
                && !path.startsWith("/css/")
                && !path.startsWith("/webjars/")
                && !path.startsWith("/api/")
                && !path.startsWith("/actuator")
                && !path.contains("/export")
                && !path.contains("/payloads/")
                && !path.startsWith("/reports/compliance")
                && !path.startsWith("/reports/monthly/")
                && !path.endsWith("/csv")
                && !path.contains("format=");
    }

    /** The path with every segment and query value that carries an id or a value taken out. */
    private static String shape(String path) {
        String[] parts = path.split("\\?", 2);
        String segments = java.util.Arrays.stream(parts[0].split("/"))
                .map(s -> s.matches(".*\\d.*") ? "{id}" : s)
                .collect(Collectors.joining("/"));
        if (parts.length == 1) {
            return segments;
        }
        return segments + "?"
                + java.util.Arrays.stream(parts[1].split("&"))
                        .map(p -> p.split("=", 2)[0])
                        .sorted()
                        .collect(Collectors.joining("&"));
    }

    private static java.util.Optional<String> leftover(String html) {
        for (Map.Entry<String, Pattern> p : LEFTOVERS.entrySet()) {
            Matcher m = p.getValue().matcher(html);
            if (m.find()) {
                int from = Math.max(0, m.start() - 60);
                int to = Math.min(html.length(), m.end() + 60);
                return java.util.Optional.of(p.getKey() + ": …" + html.substring(from, to) + "…");
            }
        }
        return java.util.Optional.empty();
    }

    private static Map<String, Pattern> leftovers() {
        Map<String, Pattern> p = new LinkedHashMap<>();
        p.put("th: attribute", Pattern.compile("<[^>]*\\sth:[a-zA-Z-]+"));
        p.put("th: element", Pattern.compile("</?th:"));
        p.put("${…}", Pattern.compile("\\$\\{"));
        p.put("*{…}", Pattern.compile("\\*\\{"));
        p.put("#{…}", Pattern.compile("#\\{"));
        p.put("@{…}", Pattern.compile("@\\{"));
        p.put("~{…}", Pattern.compile("~\\{"));
        p.put("|…| in an attribute", Pattern.compile("=\"\\|[^\"]*\\|\""));
        p.put("|…| as text", Pattern.compile(">\\s*\\|[^<>|]+\\|\\s*<"));
        return p;
    }

    private HttpResponse<String> postForm(String path, Map<String, String> fields, String csrf) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String cookies = browser.driver().manage().getCookies().stream()
                .map(Cookie::toString)
                .map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        try {
            return client.send(
                    HttpRequest.newBuilder(uri(path))
                            .header("cookie", cookies)
                            .header("content-type", "application/x-www-form-urlencoded")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long seq(String action) {
        sealAuditTrail();
        return jdbc.sql("SELECT min(seq) FROM audit_event WHERE employee_id = ? AND action = ?")
                .params(person, action)
                .query(Long.class)
                .single();
    }
}
