package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * Ten non-conformances raised on one batch are one alert with a count of ten, not ten e-mails; when the last of them
 * is closed, one all-clear.
 */
class OneAlertPerBatchIT extends QualigateIT {

    static final String OPERATIONS = "qa-operations@plant.example";

    @Verifies({"URS-BCP-320", "URS-BCP-324"})
    @Test
    void tenNonconformancesOnOneBatchAreOneAlertCountingTenAndOneAllClearWhenTheLastCloses() throws Exception {
        String material =
                "QGA" + Long.toString(System.nanoTime() % 100_000_000L, 36).toUpperCase();
        sandbox().quality().erp().addMaterial(material, "EA");
        sandbox().quality().erp().receive(material, "CH10", "0001", "B7", StockType.UNRESTRICTED, new BigDecimal(40));
        Instant raised = clock.instant();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> opened = send(NcEvents.v1(
                    "a0A" + material + i, "NC-" + material + "-" + i, raised, "Opened", null, material, "B7"));
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
        }

        JsonNode alert = alertOf("batch:" + material + "/B7");
        assertThat(alert.path("state").asString()).isEqualTo("OPEN");
        assertThat(alert.path("occurrences").asInt()).isEqualTo(10);
        String cause = "batch " + material + "/B7";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(OPERATIONS).contains("[Qualigate] Alert: " + cause));

        for (int i = 0; i < 10; i++) {
            send(NcEvents.v1(
                    "a0A" + material + i,
                    "NC-" + material + "-" + i,
                    raised.plusSeconds(60),
                    "Closed - Done",
                    "Release",
                    material,
                    "B7"));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(OPERATIONS).contains("[Qualigate] All clear: " + cause));
        assertThat(SharedMailSink.subjectsTo(OPERATIONS))
                .filteredOn(s -> s.contains(cause))
                .containsExactly("[Qualigate] Alert: " + cause, "[Qualigate] All clear: " + cause);
        assertThat(SharedMailSink.lettersTo(OPERATIONS))
                .filteredOn(l -> l.startsWith("[Qualigate] All clear: " + cause))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("after 10 occurrence(s)")
                        .contains("No non-conformance is open on batch B7 of material " + material));
        JsonNode cleared = alertOf("batch:" + material + "/B7");
        assertThat(cleared.path("state").asString()).isEqualTo("CLEARED");
        assertThat(cleared.path("occurrences").asInt()).isEqualTo(10);
    }

    private HttpResponse<String> send(String body) throws Exception {
        return NcEvents.send(http, port, clock.instant(), "msg_" + UUID.randomUUID(), body, SECRET);
    }

    private JsonNode alertOf(String cause) {
        for (JsonNode a : json(get("/api/v1/alerts?limit=1000")).path("alerts")) {
            if (a.path("cause").asString().equals(cause)) {
                return a;
            }
        }
        throw new AssertionError("no alert of " + cause);
    }
}
