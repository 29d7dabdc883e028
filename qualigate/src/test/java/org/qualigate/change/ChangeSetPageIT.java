package org.qualigate.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.FormSession;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * The change-set page shows the preview the API answers, and an approval's notice says its effects: the page's HTML
 * of the impact, of a parameter's value in force and proposed, and of the notice, compared as text with the values the
 * API gives for the same change set.
 */
class ChangeSetPageIT extends QualigateIT {

    @Verifies({"URS-ESG-063", "URS-INT-260"})
    @Test
    void aRulesChangeSetsPageGivesTheVersionsAndCountsOfItsPreview() {
        String version = "page-" + UUID.randomUUID().toString().substring(0, 8);
        String proposed = get("/api/v1/rules").body().replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"");
        long id = signedChangeSet("RULES", "the same rules renamed", proposed);
        JsonNode preview = json(get("/api/v1/change-sets/" + id + "/preview"));

        assertThat(preview.get("changes"))
                .as("the same rules change nobody's roles")
                .isEmpty();
        assertThat(section(page(id), "<h2 id=\"impact\"", "<h2 id=\"content\""))
                .isEqualTo("<h2 id=\"impact\">Impact if approved</h2>\n  \n    <p class=\"hint\">Rules version <strong>"
                        + preview.get("currentVersion").asString() + "</strong> → <strong>" + version
                        + "</strong>, over " + preview.get("activePeople").asInt()
                        + " active people: <strong>0</strong> gain a role, <strong>0</strong> lose one, <strong>0</strong>"
                        + " keep a role until another date.</p>\n    \n  \n  \n  \n\n  ");
    }

    @Verifies({"URS-ESG-063", "URS-INT-260"})
    @Test
    void aParametersChangeSetsPageGivesEachValueInForceAndTheOneProposed() {
        long id = signedChangeSet(
                "PARAMETERS",
                "values on the page",
                "{\"parameters\": {\"delivery.max-attempts\": \"7\", \"identity.session-timeout\": \"PT20M\"}}");
        JsonNode current = json(get("/api/v1/change-sets/" + id + "/preview")).get("current");
        String attempts = current.path("delivery.max-attempts").asString("configuration default");
        String timeout = current.path("identity.session-timeout").asString("configuration default");
        String page = page(id);

        assertThat(section(page, "<table class=\"grid impact\">", "</table>"))
                .isEqualTo("<table class=\"grid impact\">\n      <thead><tr><th>Parameter</th><th>In force</th><th>"
                        + "Proposed</th></tr></thead>\n      <tbody><tr>\n        <td>delivery.max-attempts</td>\n"
                        + "        <td>" + attempts + "</td>\n        <td><strong>7</strong></td>\n      </tr><tr>\n"
                        + "        <td>identity.session-timeout</td>\n        <td>" + timeout + "</td>\n"
                        + "        <td><strong>PT20M</strong></td>\n      </tr></tbody>\n    ");
        assertThat(section(page, "<ul class=\"changes\" id=\"what-parameters\">", "</ul>"))
                .isEqualTo("<ul class=\"changes\" id=\"what-parameters\">\n      <li><strong>delivery.max-attempts"
                        + "</strong>:\n        <span class=\"old\">" + attempts
                        + "</span> →\n        <strong class=\"new\">"
                        + "7</strong></li>\n      <li><strong>identity.session-timeout</strong>:\n        <span class=\"old\">"
                        + timeout + "</span> →\n        <strong class=\"new\">PT20M</strong></li>\n    ");
    }

    @Verifies({"URS-SEQ-007", "URS-INT-260"})
    @Test
    void anApprovedMappingsNoticeSaysTheMappingsAddedAndTheRecordsApplied() {
        String code =
                "WD-CERT-PG-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        long id = signedChangeSet(
                "DICTIONARY",
                "map " + code,
                "{\"mappings\": [{\"system\": \"workday\", \"sourceCode\": \"" + code
                        + "\", \"code\": \"GMP-BASIC\"}]}");
        String page = approvedOnThePage(id);

        assertThat(section(page, "<p class=\"notice\">", "</p>"))
                .isEqualTo("<p class=\"notice\">Approved and in force. 1 mapping added. 0 waiting records applied.");
    }

    @Verifies({"URS-SEQ-007", "URS-INT-260"})
    @Test
    void anApprovedRulesNoticeNamesTheVersionPutInForce() {
        clockAfterEverythingKnown();
        String version = "notice-" + UUID.randomUUID().toString().substring(0, 8);
        String proposed = get("/api/v1/rules").body().replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"");
        long id = signedChangeSet("RULES", "the same rules renamed", proposed);

        String page = approvedOnThePage(id);

        assertThat(section(page, "<p class=\"notice\">", "</p>"))
                .startsWith("<p class=\"notice\">Approved and in force. Rules version " + version + " in force, ");
    }

    /** QA approves the change set through its page's form; the page it is sent back to. */
    private String approvedOnThePage(long id) {
        FormSession qa = FormSession.signedIn(uri("/"), "qa-approver", PASSWORD);
        HttpResponse<String> approved = qa.send(HttpRequest.newBuilder(uri("/change-sets/" + id + "/approve"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("userId", "qa-approver", "password", PASSWORD, "_csrf", qa.csrfToken())))));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        return qa.send(HttpRequest.newBuilder(uri("/change-sets/" + id)).GET()).body();
    }

    @Verifies({"URS-SEQ-007", "URS-INT-260"})
    @Test
    void aRevisedChangeSetsPageGivesTheLinesOfBothVersionsAsTheApiDoes() {
        long id = signedChangeSet(
                "PARAMETERS", "attempts, twice", "{\"parameters\": {\"delivery.max-attempts\": \"6\"}}");
        HttpResponse<String> revised = postAs(
                "hr-editor",
                "/api/v1/change-sets/" + id + "/versions",
                "{\"content\": {\"parameters\": {\"delivery.max-attempts\": \"7\"}}}");
        assertThat(revised.statusCode()).as(revised.body()).isEqualTo(201);
        JsonNode lines =
                json(get("/api/v1/change-sets/" + id + "/diff?from=1&to=2")).get("lines");

        StringBuilder expected = new StringBuilder("<pre class=\"diff\" id=\"version-diff\">");
        for (JsonNode l : lines) {
            String op = l.get("op").asString();
            expected.append("<span class=\"")
                    .append(op.equals("+") ? "add" : op.equals("-") ? "del" : "same")
                    .append("\">")
                    .append(op)
                    .append(' ')
                    .append(l.get("line").asString().replace("\"", "&quot;"))
                    .append("</span>\n");
        }
        assertThat(lines).hasSize(6);
        assertThat(section(page(id), "<pre class=\"diff\" id=\"version-diff\">", "</pre>"))
                .isEqualTo(expected.toString());
    }

    private String page(long id) {
        return FormSession.signedIn(uri("/"), "qa-approver", PASSWORD)
                .send(HttpRequest.newBuilder(uri("/change-sets/" + id)).GET())
                .body();
    }

    /** The page's text from the first {@code from} up to the next {@code to} after it. */
    private static String section(String page, String from, String to) {
        int start = page.indexOf(from);
        assertThat(start).as("%s on the page", from).isNotNegative();
        int end = page.indexOf(to, start + from.length());
        assertThat(end).as("%s after %s", to, from).isPositive();
        return page.substring(start, end);
    }

    private static String form(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return form.toString();
    }
}
