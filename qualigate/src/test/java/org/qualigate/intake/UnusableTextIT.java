package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.StandardWebhooks;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * Text the service cannot store as sent is refused, never cleaned: a signed event with a NUL, a lone UTF-16
 * surrogate or a control character in a field, or with bytes that are not strict UTF-8, is a 400 naming the
 * field, kept with its raw bytes for review, and the next event goes through. API bodies and parameters are
 * refused the same way. (PostgreSQL cannot hold NUL in text: before, such an event was a 500, kept nowhere.)
 */
class UnusableTextIT extends QualigateIT {

    @Verifies({"URS-DI-034", "URS-INT-002"})
    @Test
    void aSignedEventWithANulALoneSurrogateOrAControlCharacterIsRefusedNamingTheFieldAndKeptForReview() {
        String person = newPerson("BSL");
        Event good = certification(person, "WD-CERT-1001");

        HttpResponse<String> nul = hook(good.json().replace(person, person + "\\u0000"));
        assertRefusedAndKept(nul, "employeeId", "U+0000");

        HttpResponse<String> surrogate =
                hook(good.json().replace("\"Test certification WD-CERT-1001\"", "\"Gowning \\ud800 course\""));
        assertRefusedAndKept(surrogate, "certificationName", "lone UTF-16 surrogate");

        HttpResponse<String> bell = hook(good.json().replace(good.sourceRecordId(), good.sourceRecordId() + "\\u0007"));
        assertRefusedAndKept(bell, "sourceRecordId", "U+0007");

        HttpResponse<String> tab = hook(good.json().replace("\"TC-0042\"", "\"\\tTC-0042\""));
        assertRefusedAndKept(tab, "approvedBy", "U+0009");

        // the same delivery again is a duplicate of the kept event, not a 500 again
        String id = "msg_" + UUID.randomUUID();
        byte[] body = good.json().replace(person, person + "\\u0000").getBytes(StandardCharsets.UTF_8);
        assertThat(signed(id, body).statusCode()).isEqualTo(400);
        HttpResponse<String> again = signed(id, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("duplicate").asBoolean()).isTrue();

        // nothing of the refused events reached the ledger; the next event is unaffected
        assertThat(json(get("/api/v1/people/" + person)).get("qualifications")).isEmpty();
        assertThat(hook(good.json()).statusCode()).isEqualTo(202);
    }

    @Verifies({"URS-DI-034", "URS-DI-002"})
    @Test
    void bytesThatAreNotStrictUtf8AreRefusedNotDecodedLenientlyAndKeptAsReceived() {
        String person = newPerson("BSL");
        Event good = certification(person, "WD-CERT-1001");
        String json = good.json();
        int at = json.indexOf("Test certification");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        // C0 AE is an overlong encoding of '.', ED A0 80 an encoded surrogate: a lenient decoder makes
        // characters of them that the sender's bytes never said
        bytes.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAE, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bytes.writeBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
        byte[] body = bytes.toByteArray();

        HttpResponse<String> refused = signed("msg_" + UUID.randomUUID(), body);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = json(refused);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(problem.get("errors").get(0).get("reason").asString()).contains("not valid UTF-8 at byte " + at);
        JsonNode kept =
                json(get("/api/v1/inbound-events/" + problem.get("eventId").asString()));
        assertThat(kept.get("outcome").asString()).isEqualTo("rejected");
        assertThat(Base64.getDecoder().decode(kept.get("bodyBase64").asString()))
                .as("kept exactly as received")
                .isEqualTo(body);
        assertThat(hook(good.json()).statusCode()).isEqualTo(202);
    }

    @Verifies("URS-DI-034")
    @Test
    void anApiBodyOrParameterWithANulIsRefusedNamingItAndNothingIsStored() {
        String name = "nul-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> body = postAs(
                "admin",
                "/api/v1/users",
                "{\"username\":\"" + name + "\",\"displayName\":\"Ann\\u0000Other\",\"roles\":[\"AUDITOR\"]}");
        assertThat(body.statusCode()).isEqualTo(400);
        assertThat(json(body).get("errors").get(0).get("field").asString()).isEqualTo("displayName");
        assertThat(exchange(HttpRequest.newBuilder(uri("/api/v1/users/" + name))
                                .header("authorization", basic("admin"))
                                .build())
                        .statusCode())
                .as("no account was created")
                .isEqualTo(404);

        HttpResponse<String> overlong = exchange(HttpRequest.newBuilder(uri("/api/v1/users"))
                .header("authorization", basic("admin"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', (byte) 0xC0, (byte) 0x80, '"', ':', '1', '}'}))
                .build());
        assertThat(overlong.statusCode()).isEqualTo(400);
        assertThat(json(overlong).get("errors").get(0).get("field").asString()).isEqualTo("body");

        HttpResponse<String> parameter = get("/api/v1/audit?action=user.created%00");
        assertThat(parameter.statusCode()).isEqualTo(400);
        assertThat(parameter.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(parameter).get("errors").get(0).get("field").asString()).isEqualTo("action");
    }

    private void assertRefusedAndKept(HttpResponse<String> response, String field, String why) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(problem.get("errors").get(0).get("reason").asString()).contains(why);
        assertThat(problem.get("keptForReview").asBoolean()).isTrue();
        String eventId = problem.get("eventId").asString();
        JsonNode kept = json(get("/api/v1/inbound-events/" + eventId));
        assertThat(kept.get("outcome").asString()).isEqualTo("rejected");
        assertThat(kept.get("field").asString()).isEqualTo(field);
        assertThat(json(get("/api/v1/review/events?limit=10000")).get("events").findValuesAsString("eventId"))
                .contains(eventId);
    }

    private HttpResponse<String> signed(String id, byte[] body) {
        long now = clock.instant().getEpochSecond();
        return exchange(HttpRequest.newBuilder(uri("/api/v1/hooks/hris"))
                .header("content-type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", new StandardWebhooks(SECRET).sign(id, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }
}
