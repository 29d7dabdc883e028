package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * The compliance report and a role's holders, read page by page ({@code limit}, {@code after}): the pages read one
 * after another are the whole answer, line for line and in the same order, each page states the counts of the whole
 * answer, and the same page asked twice is the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagedAnswersIT extends QualigateIT {

    private static final String PACK = "BSL.PACK-3.OPERATOR";
    private final List<String> packers = new ArrayList<>();
    private Instant at;

    @BeforeAll
    void packersAndOthersAtBasel() {
        clock.set(START.plus(Duration.ofDays(3)));
        for (int i = 0; i < 3; i++) {
            String p = newPersonWithJob("BSL", "Packaging Operator");
            for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010")) {
                hook(certification(p, cert).completed("2026-11-20").json());
            }
            packers.add(p);
        }
        // one who lacks the packing qualification, and one measured against the roles they hold
        String short1 = newPersonWithJob("BSL", "Packaging Operator");
        hook(certification(short1, "WD-CERT-1001").completed("2026-11-20").json());
        newPerson("BSL");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> packers.stream().allMatch(p -> mesGroupsOf(p).contains(PACK)));
        clock.set(clock.instant().plus(Duration.ofHours(1)));
        at = clock.instant().minus(Duration.ofMinutes(1));
    }

    @Verifies("URS-REP-140")
    @Test
    void theComplianceReportReadPageByPageIsTheWholeReportInTheSameOrder() {
        String base = "/api/v1/reports/compliance?site=BSL&at=" + at;
        JsonNode whole = json(get(base));
        assertThat(whole.has("next")).isFalse();
        List<JsonNode> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = json(get(base + "&limit=2" + (after == null ? "" : "&after=" + after)));
            assertThat(page.get("count").asInt()).isEqualTo(whole.get("count").asInt());
            assertThat(page.get("people").size()).isLessThanOrEqualTo(2);
            assertThat(json(get(base + "&limit=2" + (after == null ? "" : "&after=" + after))))
                    .as("the same page asked again")
                    .isEqualTo(page);
            page.get("people").forEach(paged::add);
            after = page.has("next") ? page.get("next").asString() : null;
            if (after != null) {
                assertThat(after)
                        .isEqualTo(page.get("people").get(1).get("employeeId").asString());
            }
            pages++;
        } while (after != null);
        List<JsonNode> all = new ArrayList<>();
        whole.get("people").forEach(all::add);
        assertThat(paged).isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 1) / 2);
        assertThat(all.stream().map(p -> p.get("employeeId").asString()).toList())
                .containsAll(packers)
                .isSorted();
    }

    @Verifies("URS-REP-140")
    @Test
    void aRolesHoldersReadPageByPageAreAllHoldersWithTheCountsOfAll() {
        String base = "/api/v1/roles/" + PACK + "/holders?at=" + at;
        JsonNode whole = json(get(base));
        assertThat(whole.has("next")).isFalse();
        List<JsonNode> paged = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = json(get(base + "&limit=1" + (after == null ? "" : "&after=" + after)));
            assertThat(page.get("counts")).isEqualTo(whole.get("counts"));
            assertThat(page.get("rulesVersion")).isEqualTo(whole.get("rulesVersion"));
            page.get("holders").forEach(paged::add);
            after = page.has("next") ? page.get("next").asString() : null;
        } while (after != null);
        List<JsonNode> all = new ArrayList<>();
        whole.get("holders").forEach(all::add);
        assertThat(paged).isEqualTo(all);
        assertThat(all.stream().map(h -> h.get("employeeId").asString()).toList())
                .containsAll(packers)
                .isSorted();
        assertThat(whole.get("counts").get("holders").asInt()).isEqualTo(all.size());
        // a page starting after the last holder is empty, with the counts of all
        JsonNode beyond = json(
                get(base + "&limit=5&after=" + all.getLast().get("employeeId").asString()));
        assertThat(beyond.get("holders").size()).isZero();
        assertThat(beyond.get("counts")).isEqualTo(whole.get("counts"));
    }

    @Verifies("URS-REP-140")
    @Test
    void aPageOutOfRangeOrACursorWithoutALimitIsRefusedNamingTheField() {
        assertThat(problemField(get("/api/v1/reports/compliance?site=BSL&limit=0")))
                .isEqualTo("limit");
        assertThat(problemField(get("/api/v1/reports/compliance?site=BSL&limit=5001")))
                .isEqualTo("limit");
        assertThat(problemField(get("/api/v1/reports/compliance?site=BSL&after=B1")))
                .isEqualTo("after");
        assertThat(problemField(get("/api/v1/roles/" + PACK + "/holders?limit=0")))
                .isEqualTo("limit");
        assertThat(problemField(get("/api/v1/roles/" + PACK + "/holders?after=B1")))
                .isEqualTo("after");
    }

    private String problemField(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        return json(response).get("errors").get(0).get("field").asString();
    }
}
