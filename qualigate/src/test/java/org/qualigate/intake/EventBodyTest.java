package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class EventBodyTest {

    @Test
    void aBodyParsedFromItsBytesGivesTheTreeItsTextGives() {
        List<String> bodies = List.of(
                "{\"eventType\":\"certification.completed\",\"employeeId\":\"E10023\",\"level\":1}",
                "{\"name\":\"Aseptic gowning — Stufe 2 ✓ 😀\",\"escaped\":\"\\u00e9\\ud83d\\ude00\"}",
                " \n{\"nested\":{\"a\":[1,2.5,true,null,\"x\"]}} ",
                "{\"big\":123456789012345678901234567890,\"small\":-1e-300}");
        for (String body : bodies) {
            Object parsed = EventBody.json(body.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed).as(body).isEqualTo(EventBody.STRICT.readTree(body));
        }
    }

    @Test
    void whatTheTextRefusesTheBytesRefuseWithTheSameReason() {
        List<String> bodies =
                List.of("{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{\"a\":}", "[1,2,3]", "{\"a\":\"\u0001\"}", "\"text\"");
        for (String body : bodies) {
            Object parsed = EventBody.json(body.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed).as(body).isInstanceOf(InvalidEvent.class);
            assertThat(((InvalidEvent) parsed).reason()).as(body).isEqualTo(textReason(body));
        }
    }

    @Test
    void bytesThatAreNotStrictUtf8OrCouldBeTakenForAnotherEncodingAreReadAsTextFirst() {
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        assertThat(EventBody.json(overlong))
                .isInstanceOfSatisfying(
                        InvalidEvent.class, i -> assertThat(i.reason()).startsWith("is not valid UTF-8 at byte 6"));
        String withBom = "\uFEFF{\"a\":1}";
        Object parsed = EventBody.json(withBom.getBytes(StandardCharsets.UTF_8));
        if (parsed instanceof InvalidEvent invalid) {
            assertThat(invalid.reason()).isEqualTo(textReason(withBom));
        } else {
            assertThat(parsed).isEqualTo(EventBody.STRICT.readTree(withBom));
        }
        byte[] nulFirst = "\u0000{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(EventBody.json(nulFirst)).isInstanceOf(InvalidEvent.class);
    }

    private static String textReason(String body) {
        try {
            var json = EventBody.STRICT.readTree(body);
            return json.isObject() ? "parsed" : "must be a JSON object";
        } catch (JacksonException e) {
            return "not valid JSON: " + e.getOriginalMessage();
        }
    }
}
