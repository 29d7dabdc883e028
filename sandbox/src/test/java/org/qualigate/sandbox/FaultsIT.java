package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.sandbox.SandboxHttp.json;
import static org.qualigate.sandbox.SandboxHttp.q;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsIT {

    static Sandbox sandbox;
    static SandboxHttp scim;
    static SandboxHttp root;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests());
        scim = new SandboxHttp(sandbox.scimBaseUri(), "sandbox-scim-token");
        root = new SandboxHttp(sandbox.baseUri(), "unused");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void clean() {
        sandbox.faults().clear();
        sandbox.scim().reset();
        sandbox.sideEffects().clear();
    }

    @Test
    void answers503ForTheGivenNumberOfCallsThenNormally() {
        sandbox.faults().inject(Fault.error("scim", "*", 503, 2));

        HttpResponse<String> first = scim.get("/Users");
        HttpResponse<String> second = scim.get("/Users");
        HttpResponse<String> third = scim.get("/Users");

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(json(first).get("status").stringValue()).isEqualTo("503");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(sandbox.faults().active()).isEmpty();
    }

    @Test
    void rateLimitAnswers429WithRetryAfterInSeconds() {
        sandbox.faults().inject(Fault.rateLimited("scim", "GET /Users", Duration.ofSeconds(3), 1));

        HttpResponse<String> limited = scim.get("/Users");
        HttpResponse<String> groups = scim.get("/Groups");
        HttpResponse<String> after = scim.get("/Users");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(groups.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void commitThenTimeoutAppliesTheChangeWhileTheClientTimesOut() {
        String user = sandbox.scim().createUser("E10023", null, null);
        String group = sandbox.scim().createGroup("BSL.FILL-1.OPERATOR");
        long before = sandbox.sideEffects().latestSeq();
        sandbox.faults().inject(Fault.commitThenTimeout("scim", "PATCH /Groups", 1));

        HttpRequest request = scim.request("/Groups/" + group)
                .timeout(Duration.ofMillis(800))
                .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofString(
                                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':"
                                        + "[{'op':'add','path':'members','value':[{'value':'" + user + "'}]}]}")))
                .build();

        assertThatThrownBy(() -> scim.client().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(sandbox.sideEffects().since(before))
                .extracting(SideEffect::operation, SideEffect::resource, SideEffect::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("group.member.add", "BSL.FILL-1.OPERATOR", "E10023"));
        assertThat(sandbox.scim().groupsOf("E10023")).containsExactly("BSL.FILL-1.OPERATOR");
    }

    @Test
    void timeoutNeverAnswersAndAppliesNothing() {
        sandbox.faults().inject(Fault.timeout("scim", "POST /Users", 1));

        HttpRequest request = scim.request("/Users")
                .timeout(Duration.ofMillis(500))
                .POST(HttpRequest.BodyPublishers.ofString(q("{'userName':'E1'}")))
                .build();

        assertThatThrownBy(() -> scim.client().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(sandbox.scim().userId("E1")).isEmpty();
    }

    @Test
    void downDropsTheConnectionUntilCleared() {
        sandbox.faults().inject(Fault.down("scim"));

        assertThatThrownBy(() -> scim.post("/Users", q("{'userName':'E1'}")))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(root.get("/sandbox/health").statusCode()).isEqualTo(200);

        sandbox.faults().clear();
        assertThat(scim.post("/Users", q("{'userName':'E1'}")).statusCode()).isEqualTo(201);
    }

    @Test
    void slowAnswersNormallyAfterTheDelay() {
        sandbox.faults().inject(Fault.slow("scim", "GET", Duration.ofMillis(400), 1));

        long started = System.nanoTime();
        HttpResponse<String> response = scim.get("/Users");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void faultsAreControlledOverHttpAndApplyOnlyToTheirTarget() {
        HttpResponse<String> injected = root.post(
                "/sandbox/faults",
                q("{'target':'hris','operation':'GET /workers','mode':'ERROR','status':502,'times':1}"));
        assertThat(injected.statusCode()).isEqualTo(201);
        assertThat(json(root.get("/sandbox/faults")).get("faults")).hasSize(1);

        assertThat(scim.get("/Users").statusCode()).isEqualTo(200);
        assertThat(root.get("/hris/v1/workers").statusCode()).isEqualTo(502);
        assertThat(root.get("/hris/v1/workers").statusCode()).isEqualTo(200);

        root.post("/sandbox/faults", q("{'mode':'RATE_LIMIT','delay':'PT2S'}"));
        assertThat(root.get("/hris/v1/workers").headers().firstValue("Retry-After"))
                .hasValue("2");
        assertThat(root.delete("/sandbox/faults").statusCode()).isEqualTo(204);
        assertThat(root.get("/hris/v1/workers").statusCode()).isEqualTo(200);
    }

    @Test
    void sideEffectsAreReadableOverHttpSinceASequenceNumber() {
        sandbox.scim().createUser("E1", null, null);
        long seq = sandbox.sideEffects().latestSeq();
        sandbox.scim().createGroup("BSL.FILL-1.OPERATOR");

        var body = json(root.get("/sandbox/side-effects?since=" + seq));

        assertThat(body.get("latestSeq").asLong()).isEqualTo(seq + 1);
        assertThat(body.get("sideEffects")).hasSize(1);
        assertThat(body.get("sideEffects").get(0).get("operation").stringValue())
                .isEqualTo("group.create");
    }
}
