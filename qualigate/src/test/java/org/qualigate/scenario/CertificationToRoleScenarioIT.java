package org.qualigate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qualigate.support.DueWork;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The story an inspector asks about, end to end over real HTTP and a real database: an operator at the
 * Basel site completes certifications in the HRIS; the MES gives them the roles the rules justify; when
 * a certification expires, the role goes at that exact instant unless another requirement set still
 * justifies it; the audit trail and {@code explain} tell the story.
 */
class CertificationToRoleScenarioIT extends QualigateIT {

    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";
    private static final String SETUP_TECH = "BSL.FILL-1.SETUP_TECH";

    @Autowired
    ApplicationContext context;

    @Verifies({"URS-SEQ-001", "URS-SEQ-002", "URS-INT-008", "URS-AUD-001", "URS-AUD-003", "URS-AUD-005", "URS-SEQ-010"})
    @Test
    void certificationsGrantRolesThatLeaveAtTheExactExpiryInstantUnlessAnotherSetStillJustifiesThem() {
        clock.set(Instant.parse("2026-11-20T08:00:00Z"));
        String operator = newPerson("BSL");

        // The operator completes GMP fundamentals and good documentation practice: not yet enough for any role.
        assertThat(hook(certification(operator, "WD-CERT-1001")
                                .expiring("2026-12-10")
                                .json())
                        .statusCode())
                .isEqualTo(202);
        assertThat(hook(certification(operator, "WD-CERT-1002").json()).statusCode())
                .isEqualTo(202);

        // Batch record review completes the set of the QA batch reviewer role: the MES shows it within a second.
        assertThat(hook(certification(operator, "WD-CERT-6001").json()).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(operator).contains(REVIEWER));

        // The set-up technician role has two sets: a senior filler operator (FILLER-OP level 3, expiring
        // 2026-12-01), or a senior isolator operator who also clears lines. The operator meets both.
        hook(certification(operator, "WD-CERT-2102").level(2).json());
        hook(certification(operator, "WD-CERT-2120")
                .level(3)
                .expiring("2026-12-01")
                .json());
        hook(certification(operator, "WD-CERT-2110").level(2).json());
        hook(certification(operator, "WD-CERT-3001").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(operator).contains(SETUP_TECH));

        // FILLER-OP is valid through the end of 2026-12-01 in Basel (UTC+1): it expires at 23:00 UTC.
        Instant fillerExpiry = Instant.parse("2026-12-01T23:00:00Z");
        JsonNode justBefore = json(get("/api/v1/explain?employeeId=" + operator + "&role=" + SETUP_TECH + "&at="
                + fillerExpiry.minusNanos(1000)));
        assertThat(justBefore.get("sets").get(0).get("met").asBoolean()).isTrue();
        clock.set(fillerExpiry);
        JsonNode explained =
                json(get("/api/v1/explain?employeeId=" + operator + "&role=" + SETUP_TECH + "&at=" + fillerExpiry));
        assertThat(explained.get("held").asBoolean()).isTrue();
        assertThat(explained.get("sets").get(0).get("met").asBoolean()).isFalse();
        assertThat(explained.get("sets").get(1).get("met").asBoolean()).isTrue();
        new DueWork(context).settle(operator);
        assertThat(mesGroupsOf(operator)).contains(SETUP_TECH, REVIEWER);

        // GMP fundamentals is valid through 2026-12-10, Basel time: at 23:00 UTC every role it supports goes.
        Instant gmpExpiry = Instant.parse("2026-12-10T23:00:00Z");
        clock.set(gmpExpiry.minusSeconds(30));
        new DueWork(context).settle(operator);
        assertThat(mesGroupsOf(operator)).contains(SETUP_TECH, REVIEWER);
        clock.set(gmpExpiry);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !mesGroupsOf(operator).contains(SETUP_TECH)
                        && !mesGroupsOf(operator).contains(REVIEWER));

        // The audit trail tells the story, with the exact instant the role stopped being justified. The MES
        // shows a revocation a moment before its audit entry commits (the target is changed, then recorded).
        await().atMost(Duration.ofSeconds(60))
                .until(() -> json(get("/api/v1/audit?employeeId=" + operator + "&entityType=assignment"))
                                .get("entries")
                                .findValuesAsString("action")
                                .stream()
                                .filter("role.revoked"::equals)
                                .count()
                        == 2);
        JsonNode trail = json(get("/api/v1/audit?employeeId=" + operator + "&entityType=assignment"))
                .get("entries");
        assertThat(trail.findValuesAsString("action"))
                .filteredOn(a -> !a.equals("role.basis-changed"))
                .containsExactlyInAnyOrder("role.granted", "role.granted", "role.revoked", "role.revoked");
        JsonNode grant = first(trail, "role.granted", REVIEWER);
        assertThat(grant.get("reason").asString())
                .contains(operator + " gained " + REVIEWER)
                .contains("GMP-BASIC")
                .contains("BATCH-REVIEW");
        assertThat(grant.get("new").get("basis").findValuesAsString("approvedBy"))
                .contains("TC-0042");
        JsonNode revoke = first(trail, "role.revoked", REVIEWER);
        assertThat(revoke.get("new").get("effectiveAt").asString()).isEqualTo(gmpExpiry.toString());
        assertThat(revoke.get("reason").asString()).contains("GMP-BASIC").contains("expired");

        // explain answers for the past as well: before the expiry the role was held, at it not.
        JsonNode before = json(get(
                "/api/v1/explain?employeeId=" + operator + "&role=" + REVIEWER + "&at=" + gmpExpiry.minusSeconds(1)));
        assertThat(before.get("held").asBoolean()).isTrue();
        JsonNode after = json(get("/api/v1/explain?employeeId=" + operator + "&role=" + REVIEWER + "&at=" + gmpExpiry));
        assertThat(after.get("held").asBoolean()).isFalse();
        assertThat(after.get("summary").asString()).contains("GMP-BASIC").contains("expired");

        assertThat(json(post("/api/v1/audit/verify")).get("valid").asBoolean()).isTrue();
    }

    private static JsonNode first(JsonNode entries, String action, String role) {
        for (JsonNode e : entries) {
            if (e.get("action").asString().equals(action)
                    && e.get("entityId").asString().endsWith("/" + role)) {
                return e;
            }
        }
        throw new AssertionError("no " + action + " for " + role + " in " + entries);
    }
}
