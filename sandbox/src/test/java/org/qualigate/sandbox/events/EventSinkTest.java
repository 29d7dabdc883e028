package org.qualigate.sandbox.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.StandardWebhooks;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's CloudEvents sink: what it takes, what it refuses and why, and that it logs each event once. */
class EventSinkTest {

    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/qualigate\","
            + "\"type\":\"org.qualigate.quality.batch.blocked.v1\",\"subject\":\"batch/M/B1\","
            + "\"time\":\"2026-12-07T01:00:00.123456Z\",\"datacontenttype\":\"application/json\","
            + "\"dataschema\":\"https://qualigate.org/schemas/x.json\","
            + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"data\":{\"batch\":\"B1\"}}";

    private final List<String> log = new ArrayList<>();
    private final EventSink sink = new EventSink(JsonMapper.builder().build(), (op, r, d) -> log.add(op + " " + d));

    @Test
    void takesAValidEventOnceAndCountsARepeatWithoutLoggingItAgain() {
        Reply first = sink.handle(post(EVENT, headers()));
        Reply again = sink.handle(post(EVENT, headers()));

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(sink.events()).hasSize(1);
        assertThat(sink.receipts("e-1")).isEqualTo(2);
        assertThat(log).containsExactly("event.receive id=e-1 subject=batch/M/B1 source=/qualigate");
    }

    @Test
    void refusesAnEventMissingARequiredAttributeNamingIt() {
        Reply reply = sink.handle(post(EVENT.replace("\"id\":\"e-1\",", ""), headers()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.bodyText()).contains("\"name\":\"id\"");
        assertThat(log).isEmpty();
    }

    @Test
    void refusesAWrongSpecversionABadTimeAndARelativeDataschema() {
        String bad = EVENT.replace("\"1.0\"", "\"0.3\"")
                .replace("2026-12-07T01:00:00.123456Z", "07.12.2026")
                .replace("https://qualigate.org/schemas/x.json", "x.json");

        Reply reply = sink.handle(post(bad, headers()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.bodyText())
                .contains("\"name\":\"specversion\"")
                .contains("\"name\":\"time\"")
                .contains("\"name\":\"dataschema\"");
    }

    @Test
    void refusesAnotherMediaTypeWith415() {
        Map<String, String> headers = headers();
        headers.put("content-type", "application/json");

        assertThat(sink.handle(post(EVENT, headers)).status()).isEqualTo(415);
    }

    @Test
    void refusesAMissingTokenAndAWrongSignatureAndTakesARightOne() {
        Map<String, String> noToken = headers();
        noToken.remove("authorization");
        Map<String, String> wrong = headers();
        wrong.put("webhook-id", "e-1");
        wrong.put("webhook-timestamp", "1765069200");
        wrong.put("webhook-signature", "v1,AAAA");
        Map<String, String> right = headers();
        right.put("webhook-id", "e-1");
        right.put("webhook-timestamp", "1765069200");
        right.put(
                "webhook-signature",
                new StandardWebhooks(EventSink.SECRET)
                        .sign("e-1", 1765069200L, EVENT.getBytes(StandardCharsets.UTF_8)));

        assertThat(sink.handle(post(EVENT, noToken)).status()).isEqualTo(401);
        assertThat(sink.handle(post(EVENT, wrong)).status()).isEqualTo(401);
        assertThat(sink.handle(post(EVENT, right)).status()).isEqualTo(202);
    }

    @Test
    void answersTheWebhookHandshake() {
        Reply reply = sink.handle(new Request("OPTIONS", "/cloudevents", Map.of(), h -> null, new byte[0]));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("WebHook-Allowed-Origin", "*").containsEntry("Allow", "POST");
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("authorization", "Bearer " + EventSink.TOKEN);
        h.put("content-type", "application/cloudevents+json; charset=UTF-8");
        return h;
    }

    private static Request post(String body, Map<String, String> headers) {
        return new Request("POST", "/cloudevents", Map.of(), headers::get, body.getBytes(StandardCharsets.UTF_8));
    }
}
