package org.qualigate.connector.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.OutboundEvents;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON shape of an outbound event, checked against the CloudEvents 1.0 specification's own rules (the
 * specification's "Required Attributes", "Optional Attributes" and naming rules, the JSON event format and the
 * Distributed Tracing extension), written out here rather than taken from the code under test.
 */
class CloudEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Verifies("URS-INT-310")
    @Test
    void anEventCarriesEveryRequiredAttributeWithTheTypesTheSpecificationAsks() {
        JsonNode e = structured(anEvent(TRACEPARENT), "/qualigate/plant-bsl");

        // REQUIRED: id, source, specversion, type — non-empty strings; source a URI-reference; specversion "1.0"
        assertThat(e.path("specversion").asString()).isEqualTo("1.0");
        assertThat(e.path("id").isString()).isTrue();
        assertThat(e.path("id").asString()).isNotEmpty();
        assertThat(e.path("type").asString()).isEqualTo("org.qualigate.quality.batch.blocked.v1");
        assertThat(e.path("source").asString()).isEqualTo("/qualigate/plant-bsl");
        URI.create(e.path("source").asString());
        // OPTIONAL, as sent: subject non-empty, time RFC 3339 in UTC, datacontenttype, dataschema an absolute URI
        assertThat(e.path("subject").asString()).isEqualTo("batch/MAT-1/B1");
        OffsetDateTime time = OffsetDateTime.parse(e.path("time").asString());
        assertThat(time.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(e.path("time").asString()).endsWith("Z");
        assertThat(e.path("datacontenttype").asString()).isEqualTo("application/json");
        assertThat(URI.create(e.path("dataschema").asString()).isAbsolute()).isTrue();
        // the JSON event format: data is the JSON value itself when datacontenttype is application/json
        assertThat(e.path("data").isObject()).isTrue();
        assertThat(e.path("data").path("batch").asString()).isEqualTo("B1");
        assertThat(e.has("data_base64")).isFalse();
        // the Distributed Tracing extension: traceparent as W3C Trace Context writes it
        assertThat(e.path("traceparent").asString()).isEqualTo(TRACEPARENT);
    }

    @Verifies("URS-INT-310")
    @Test
    void everyAttributeNameIsLowerCaseLettersOrDigitsOfAtMostTwentyCharacters() {
        JsonNode e = structured(anEvent(TRACEPARENT), "/qualigate");

        List<String> names = new ArrayList<>(e.propertyNames());
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).matches("[a-z0-9]{1,20}"));
    }

    @Verifies("URS-INT-310")
    @Test
    void anEventWithoutATraceInForceHasNoTraceparentAttribute() {
        JsonNode e = structured(anEvent(null), "/qualigate");

        assertThat(e.has("traceparent")).isFalse();
    }

    @Verifies("URS-INT-311")
    @Test
    void anEventSentAgainIsTheSameMessageByteForByte() {
        OutboundEvents.Event event = anEvent(TRACEPARENT);

        byte[] first = CloudEvent.structured(event, "/qualigate", JSON);
        byte[] again = CloudEvent.structured(event, "/qualigate", JSON);

        assertThat(new String(again, StandardCharsets.UTF_8)).isEqualTo(new String(first, StandardCharsets.UTF_8));
    }

    @Test
    void theStructuredContentModeSendsTheJsonEventFormatsMediaType() {
        assertThat(CloudEvent.MEDIA_TYPE).startsWith("application/cloudevents+json");
    }

    @Test
    void aSourceThatIsNoUriReferenceIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new CloudEventsSettings("http://sink", "not a uri", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CloudEventsSettings("http://sink", null, null, null, null).source())
                .isEqualTo("/qualigate");
    }

    @Test
    void theSignatureIsTheStandardWebhooksPublishedVector() {
        // Standard Webhooks 1.0, the specification's own example
        String signature = CloudEventsSink.sign(
                CloudEventsSink.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat("v1," + signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theSettingsNeverWriteOutTheTokenOrTheSecret() {
        CloudEventsSettings settings =
                new CloudEventsSettings("http://sink", "/q", "token-value", "whsec_c2VjcmV0", null);

        assertThat(settings.toString()).doesNotContain("token-value").doesNotContain("whsec_");
    }

    private static JsonNode structured(OutboundEvents.Event event, String source) {
        return JSON.readTree(CloudEvent.structured(event, source, JSON));
    }

    private static OutboundEvents.Event anEvent(String traceparent) {
        return new OutboundEvents.Event(
                UUID.fromString("0b7a0d0e-6c58-4f4e-9a57-3c2b1d6f0a11"),
                "org.qualigate.quality.batch.blocked.v1",
                "batch/MAT-1/B1",
                Instant.parse("2026-11-20T08:00:00.123456789Z"),
                "https://qualigate.org/schemas/outbound-events/org.qualigate.quality.batch.blocked.v1.schema.json",
                "{\"material\":\"MAT-1\",\"batch\":\"B1\",\"plant\":\"CH10\"}",
                traceparent);
    }
}
