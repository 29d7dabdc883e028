package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.sandbox.QualityClient.json;
import static org.qualigate.sandbox.QualityClient.q;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.jira.JiraSimulator;
import tools.jackson.databind.JsonNode;

class JiraSimulatorIT {

    static final String AUTH = QualityClient.basic(JiraSimulator.EMAIL, JiraSimulator.API_TOKEN);
    static Sandbox sandbox;
    static QualityClient jira;

    @BeforeAll
    static void start() {
        // A fixed clock: every request falls in the same second, so the burst limit is exact.
        sandbox = Sandbox.start(
                SandboxOptions.forTests(), Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC));
        jira = new QualityClient(sandbox.quality().jiraBaseUri(), false);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void noLimit() {
        sandbox.faults().clear();
        sandbox.quality().jira().burstLimit(0);
    }

    static String task(String summary, String label) {
        return q("{'fields':{'project':{'key':'QA'},'issuetype':{'name':'Task'},'summary':'" + summary + "',"
                + "'description':{'type':'doc','version':1,'content':[{'type':'paragraph','content':[{'type':'text',"
                + "'text':'CAPA-2026-000045 is overdue'}]}]},'labels':['" + label + "'],'duedate':'2026-12-01'},"
                + "'properties':[{'key':'qualigate','value':{'key':'" + label + "'}}]}");
    }

    HttpResponse<String> create(String summary, String label) {
        return jira.post("/rest/api/3/issue", task(summary, label), "Authorization", AUTH);
    }

    @Test
    void createsAnIssueWithAnAdfDescriptionAndFindsItByLabelAndByProperty() {
        HttpResponse<String> created = create("Escalation: CAPA-2026-000045 overdue", "qg-capa-000045-L1");

        assertThat(created.statusCode()).isEqualTo(201);
        String key = json(created).path("key").asString();
        assertThat(key).startsWith("QA-");
        JsonNode byLabel = json(jira.get(
                "/rest/api/3/search/jql?jql=" + SandboxHttp.enc("project = QA AND labels = \"qg-capa-000045-L1\"")
                        + "&fields=summary,status,labels",
                "Authorization",
                AUTH));
        assertThat(byLabel.path("issues")).singleElement().satisfies(i -> {
            assertThat(i.path("key").asString()).isEqualTo(key);
            assertThat(i.path("fields").path("status").path("name").asString()).isEqualTo("To Do");
        });
        assertThat(byLabel.path("isLast").asBoolean()).isTrue();
        JsonNode byProperty = json(jira.post(
                "/rest/api/3/search/jql",
                q("{'jql':'issue.property[qualigate].key = \\'qg-capa-000045-L1\\'','fields':['summary']}"),
                "Authorization",
                AUTH));
        assertThat(byProperty.path("issues")).hasSize(1);
    }

    @Test
    void refusesAPlainStringDescriptionAndAnUnknownFieldNamingEach() {
        HttpResponse<String> refused = jira.post(
                "/rest/api/3/issue",
                q("{'fields':{'project':{'key':'QA'},"
                        + "'issuetype':{'name':'Task'},'summary':'x','description':'plain text','colour':'red'}}"),
                "Authorization",
                AUTH);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = json(refused);
        assertThat(body.path("errorMessages").isArray()).isTrue();
        assertThat(body.path("errors").path("description").asString()).contains("Atlassian Document");
        assertThat(body.path("errors").path("colour").asString()).contains("cannot be set");
    }

    @Test
    void transitionsToDoneAndTakesAComment() {
        String key = json(create("Escalation", "qg-capa-000046-L1")).path("key").asString();

        JsonNode transitions = json(jira.get("/rest/api/3/issue/" + key + "/transitions", "Authorization", AUTH));
        String done = null;
        for (JsonNode t : transitions.path("transitions")) {
            if (t.path("to").path("statusCategory").path("key").asString().equals("done")) {
                done = t.path("id").asString();
            }
        }
        HttpResponse<String> moved = jira.post(
                "/rest/api/3/issue/" + key + "/transitions",
                q("{'transition':{'id':'" + done + "'}}"),
                "Authorization",
                AUTH);
        HttpResponse<String> wrong = jira.post(
                "/rest/api/3/issue/" + key + "/transitions", q("{'transition':{'id':'99'}}"), "Authorization", AUTH);
        HttpResponse<String> comment = jira.post(
                "/rest/api/3/issue/" + key + "/comment",
                q("{'body':{'type':'doc','version':1,"
                        + "'content':[{'type':'paragraph','content':[{'type':'text','text':'Closed in the QMS'}]}]}}"),
                "Authorization",
                AUTH);

        assertThat(moved.statusCode()).isEqualTo(204);
        assertThat(sandbox.quality().jira().status(key)).hasValue("Done");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong).path("errorMessages").get(0).asString()).contains("'99' is not valid");
        assertThat(comment.statusCode()).isEqualTo(201);
        assertThat(sandbox.quality().jira().commentCount(key)).isEqualTo(1);
        assertThat(json(jira.get("/rest/api/3/issue/" + key + "?fields=status", "Authorization", AUTH))
                        .path("fields")
                        .path("status")
                        .path("statusCategory")
                        .path("key")
                        .asString())
                .isEqualTo("done");
    }

    @Test
    void answers429WithRetryAfterAboveTheBurstLimit() {
        sandbox.quality().jira().burstLimit(2);

        jira.get("/rest/api/3/myself", "Authorization", AUTH);
        jira.get("/rest/api/3/myself", "Authorization", AUTH);
        HttpResponse<String> limited = jira.get("/rest/api/3/myself", "Authorization", AUTH);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("ratelimit-reason")).hasValue("jira-burst-based");
        assertThat(json(limited).path("errors").isObject()).isTrue();
    }

    @Test
    void pagesASearchWithNextPageTokensAndRefusesAnUnboundedQuery() {
        for (int i = 0; i < 3; i++) {
            create("Paged " + i, "qg-paging");
        }
        JsonNode first = json(jira.get(
                "/rest/api/3/search/jql?maxResults=2&jql=" + SandboxHttp.enc("labels = qg-paging ORDER BY key"),
                "Authorization",
                AUTH));
        JsonNode second = json(jira.get(
                "/rest/api/3/search/jql?maxResults=2&jql=" + SandboxHttp.enc("labels = qg-paging ORDER BY key")
                        + "&nextPageToken=" + first.path("nextPageToken").asString(),
                "Authorization",
                AUTH));
        HttpResponse<String> unbounded =
                jira.get("/rest/api/3/search/jql?jql=" + SandboxHttp.enc("ORDER BY created"), "Authorization", AUTH);

        assertThat(first.path("issues")).hasSize(2);
        assertThat(first.path("isLast").asBoolean()).isFalse();
        assertThat(second.path("issues")).hasSize(1);
        assertThat(second.path("isLast").asBoolean()).isTrue();
        assertThat(second.has("nextPageToken")).isFalse();
        assertThat(unbounded.statusCode()).isEqualTo(400);
        assertThat(json(unbounded).path("errorMessages").get(0).asString()).startsWith("Unbounded JQL");
    }

    @Test
    void refusesAWrongTokenAndPlaysARateLimitFaultInJirasShape() {
        HttpResponse<String> wrong =
                jira.get("/rest/api/3/myself", "Authorization", QualityClient.basic(JiraSimulator.EMAIL, "nope"));
        sandbox.faults().inject(Fault.rateLimited("jira", "POST /issue", Duration.ofSeconds(7), 1));
        HttpResponse<String> faulted = create("Faulted", "qg-fault");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(faulted.statusCode()).isEqualTo(429);
        assertThat(faulted.headers().firstValue("retry-after")).hasValue("7");
        assertThat(json(faulted).path("errorMessages").get(0).asString()).contains("too many requests");
        assertThat(create("After the fault", "qg-fault").statusCode()).isEqualTo(201);
    }
}
