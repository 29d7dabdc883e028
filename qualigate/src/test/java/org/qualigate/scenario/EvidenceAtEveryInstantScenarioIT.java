package org.qualigate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.Zips;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * The inspector's question over two days on a fixed clock, in the words an auditor would use. On day 1 a packer
 * at Basel completes her certifications and the MES gives her the packing line's role; a colleague has only part
 * of them. At noon on day 1 the report and "who held the role, and why" say so. On day 2 someone changes the MES by
 * hand — the colleague is put into the packing group, the packer taken out — and the hourly reconciliation finds
 * and corrects both, recording each as drift. Asked again about noon on day 1, the report and the role view give
 * the same answer as on day 1: what happened later does not change what was true then. The answer, exported as an
 * inspection pack, is the same again, and the export is in the audit trail with the hash of every file.
 */
class EvidenceAtEveryInstantScenarioIT extends QualigateIT {

    private static final String PACK = "BSL.PACK-3.OPERATOR";
    // Basel is UTC+1 in March: 07:00 local is 06:00 UTC
    private static final Instant DAY_1_MORNING = Instant.parse("2027-03-01T06:00:00Z");
    private static final Instant DAY_1_NOON = Instant.parse("2027-03-01T11:00:00Z");
    private static final Instant DAY_2_MORNING = Instant.parse("2027-03-02T07:00:00Z");

    @Verifies({"URS-SEQ-073", "URS-REP-070", "URS-REP-071", "URS-REP-072", "URS-INT-074", "URS-SEQ-010"})
    @Test
    void whoCouldOperateThePackingLineAtNoonOnDayOneIsAnsweredTheSameBeforeAndAfterTheMesWasChangedByHand()
            throws Exception {
        // Day 1, 07:00 in Basel. Anna, a packaging operator, completes the three certifications her job needs.
        clock.set(DAY_1_MORNING);
        String anna = newPersonWithJob("BSL", "Packaging Operator");
        String bruno = newPersonWithJob("BSL", "Packaging Operator");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010")) {
            assertThat(hook(certification(anna, cert).completed("2027-02-26").json())
                            .statusCode())
                    .isEqualTo(202);
        }
        // Bruno has GMP fundamentals and documentation practice, not serialisation.
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002")) {
            hook(certification(bruno, cert).completed("2027-02-26").json());
        }
        // The MES gives Anna the packing role within seconds.
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(anna).contains(PACK));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(anna, bruno)) == 0);

        // Noon on day 1: who could operate the packing line, and why?
        clock.set(DAY_1_NOON.plus(Duration.ofMinutes(30)));
        JsonNode holdersAtNoon = holders(DAY_1_NOON);
        JsonNode annaAtNoon = holder(holdersAtNoon, anna);
        assertThat(annaAtNoon.get("why").asString()).isEqualTo("rules");
        assertThat(annaAtNoon.get("basis").get("set").asInt()).isEqualTo(1);
        assertThat(annaAtNoon.get("basis").get("evidence").findValuesAsString("code"))
                .containsExactly("GMP-BASIC", "GDP-DOC", "PACK-SERIAL");
        assertThat(annaAtNoon.get("basis").get("evidence").findValuesAsString("approvedBy"))
                .containsOnly("TC-0042");
        assertThat(annaAtNoon.get("heldInTargets").get(0).get("cause").asString())
                .isEqualTo("granted");
        assertThat(holder(holdersAtNoon, bruno)).isNull();
        // The compliance report at noon measures both against the packing line's training matrix.
        Map<String, JsonNode> reportAtNoon = lines(report(DAY_1_NOON), anna, bruno);
        assertThat(states(reportAtNoon.get(anna)))
                .isEqualTo(Map.of("GDP-DOC", "valid", "GMP-BASIC", "valid", "PACK-SERIAL", "valid"));
        assertThat(states(reportAtNoon.get(bruno))).containsEntry("PACK-SERIAL", "missing");
        assertThat(reportAtNoon.get(anna).get("accessWithoutBasis").isEmpty()).isTrue();
        assertThat(reportAtNoon.get(bruno).get("accessWithoutBasis").isEmpty()).isTrue();

        // Day 2, 08:00 in Basel. Someone changes the MES by hand: Bruno in the packing group, Anna out of it.
        clock.set(DAY_2_MORNING);
        sandbox().scim().addMember(PACK, bruno);
        sandbox().scim().removeMember(PACK, anna);
        // The hourly reconciliation (here asked for at once) finds both and corrects them.
        JsonNode run = json(postAs("admin", "/api/v1/targets/mes/reconciliations", ""));
        assertThat(run.get("drift").toString()).contains(bruno).contains(anna);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        mesGroupsOf(anna).contains(PACK) && !mesGroupsOf(bruno).contains(PACK));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(anna, bruno)) == 0);
        // Each correction is in the audit trail as drift, with what was found, then the correction with its cause.
        assertThat(assignmentActions(bruno)).containsExactly("role.found-in-target", "role.revoked");
        assertThat(assignmentActions(anna)).containsExactly("role.granted", "role.missing-in-target", "role.granted");

        // Asked again about noon on day 1, after all of it: the same answer.
        assertThat(holders(DAY_1_NOON)).isEqualTo(holdersAtNoon);
        assertThat(lines(report(DAY_1_NOON), anna, bruno)).isEqualTo(reportAtNoon);
        // Now, Anna holds the role again (granted on day 2) and Bruno does not; nobody holds it without a basis.
        JsonNode now = holders(clock.instant());
        assertThat(holder(now, anna).get("heldInTargets").get(0).get("heldFrom").asString())
                .startsWith("2027-03-02");
        assertThat(holder(now, bruno)).isNull();

        // The inspector exports the noon answer as an inspection pack: the same holders, the audit entries they
        // cite, and the export recorded in the audit trail with the SHA-256 of each file.
        HttpResponse<byte[]> pack = http.send(
                HttpRequest.newBuilder(uri("/api/v1/roles/" + PACK + "/inspection-packs?at=" + DAY_1_NOON))
                        .header("authorization", basicAuth())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pack.statusCode()).isEqualTo(200);
        assertThat(pack.headers().firstValue("content-type")).hasValue("application/zip");
        Map<String, byte[]> files = Zips.files(pack.body());
        assertThat(files)
                .containsOnlyKeys(
                        "holders.pdf", "holders.csv", "audit-entries.csv", "audit-entries.json", "manifest.json");
        assertThat(new String(files.get("holders.csv"), StandardCharsets.UTF_8))
                .contains(anna)
                .doesNotContain(bruno)
                .contains("justified by the rules");
        assertThat(new String(files.get("holders.pdf"), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        JsonNode cited = JSON.readTree(files.get("audit-entries.json"));
        assertThat(cited.findValuesAsString("action")).contains("role.granted");
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertThat(manifest.get("auditChain").asString()).startsWith("intact");
        assertThat(manifest.get("exportedBy").asString()).isEqualTo("user:" + USER);
        String packId = pack.headers().firstValue("X-Inspection-Pack").orElseThrow();
        JsonNode exported =
                auditEntries("entityType=inspection-pack&entityId=" + packId + "&action=inspection-pack.exported");
        assertThat(exported).hasSize(1);
        JsonNode entry = exported.get(0);
        assertThat(entry.get("actor").asString()).isEqualTo("user:" + USER);
        for (String file : List.of("holders.pdf", "holders.csv", "audit-entries.csv", "audit-entries.json")) {
            assertThat(entry.get("new").get("sha256").get(file).asString())
                    .as(file)
                    .isEqualTo(sha256(files.get(file)))
                    .isEqualTo(manifest.get("sha256").get(file).asString());
        }
        assertThat(entry.get("new").get("sha256").get("manifest.json").asString())
                .isEqualTo(sha256(files.get("manifest.json")));
        assertThat(entry.get("new").get("zipSha256").asString()).isEqualTo(sha256(pack.body()));
        assertThat(json(post("/api/v1/audit/verify")).get("valid").asBoolean()).isTrue();
    }

    private JsonNode holders(Instant at) {
        JsonNode answer = json(get("/api/v1/roles/" + PACK + "/holders?at=" + at));
        return answer;
    }

    private JsonNode report(Instant at) {
        return json(get("/api/v1/reports/compliance?site=BSL&at=" + at));
    }

    private static JsonNode holder(JsonNode answer, String employeeId) {
        for (JsonNode h : answer.get("holders")) {
            if (h.get("employeeId").asString().equals(employeeId)) {
                return h;
            }
        }
        return null;
    }

    private static Map<String, JsonNode> lines(JsonNode report, String... people) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode p : report.get("people")) {
            for (String id : people) {
                if (p.get("employeeId").asString().equals(id)) {
                    out.put(id, p);
                }
            }
        }
        return out;
    }

    private static Map<String, String> states(JsonNode line) {
        Map<String, String> states = new java.util.TreeMap<>();
        line.get("qualifications")
                .forEach(
                        q -> states.put(q.get("code").asString(), q.get("state").asString()));
        return states;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
