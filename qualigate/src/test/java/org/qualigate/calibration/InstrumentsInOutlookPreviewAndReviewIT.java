package org.qualigate.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.access.InstrumentCalibrations;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.support.AgreedCalibration;
import org.qualigate.support.DueWork;
import org.qualigate.support.FormSession;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * At Singapore the reactor operators' role names the reactor's temperature transmitter SGP-TT-0301 (the demo plant).
 * The expiry outlook, the impact preview of a rules change and the access review's holders take its agreed
 * calibration as the planner does: calibrated, it justifies the role and its due date is what ends it; out of
 * tolerance, the role goes and a rule naming it costs its holders the role.
 */
class InstrumentsInOutlookPreviewAndReviewIT extends QualigateIT {

    private static final String ASSET = "SGP-TT-0301";
    private static final String OPERATOR_ROLE = "SGP.API-1.OPERATOR";
    private static final String REVIEWER_ROLE = "SGP.QA.BATCH_REVIEWER";
    private static final ZoneId SINGAPORE = ZoneId.of("Asia/Singapore");
    /** The code the policy keeps the transmitter's requirement under, as the training matrix's column. */
    private static final String TRANSMITTER_CODE = "CALIBRATED." + ASSET;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private InstrumentCalibrations calibrations;

    @Autowired
    private PlatformTransactionManager transactions;

    /** The day the transmitter was last calibrated in this test. */
    private LocalDate calibrated;

    @BeforeEach
    void afterEverythingTheSharedContextKnows() {
        clockAfterEverythingKnownAndTheQmsWatermark();
        // each test's calibration is a cycle of its own, later than every earlier test's (decision 0077)
        calibrated = LocalDate.ofInstant(clock.instant(), SINGAPORE).minusDays(10);
    }

    @Verifies({"URS-QEV-370", "URS-QEV-371", "URS-QEV-374"})
    @Test
    void aReactorOperatorsRoleLapsesInTheOutlookWhenTheTransmitterFallsDueAndTheReviewShowsItInTheBasis() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), SINGAPORE);
        LocalDate due = today.plusDays(20);
        agree(EquipmentCalibrations.Status.CALIBRATED, due);
        String operator = reactorOperator(today.minusDays(1));
        assertThat(mesGroupsOf(operator)).contains(OPERATOR_ROLE);
        // and a process operator whose job needs the role but who has no LOTO briefing yet
        String trainee = newPersonWithJob("SGP", "Chemical Process Operator");
        certified(trainee, today.minusDays(1), "WD-CERT-1001", "WD-CERT-1002", "WD-CERT-5001", "WD-CERT-5002");
        new DueWork(context).settle(trainee);

        // The outlook: the role lapses within 30 days because the transmitter falls due, named with its due date
        JsonNode lapse = lapseOf(operator);
        assertThat(lapse)
                .as(
                        "the operator's lapse in %s",
                        get("/api/v1/reports/expiries?site=SGP").body())
                .isNotNull();
        assertThat(lapse.path("instrument").asString()).isEqualTo(ASSET);
        assertThat(lapse.path("calibrationDueOn").asString()).isEqualTo(due.toString());
        assertThat(lapse.path("withinDays").asInt()).isEqualTo(30);
        assertThat(lapse.has("qualification")).isFalse();
        assertThat(Instant.parse(lapse.path("lapsesAt").asString()))
                .isEqualTo(due.plusDays(1).atStartOfDay(SINGAPORE).toInstant());
        String page = FormSession.signedIn(uri("/"), USER, PASSWORD)
                .send(HttpRequest.newBuilder(uri("/reports/expiries?site=SGP")).GET())
                .body();
        assertThat(page).contains("<code>" + ASSET + "</code>").contains("(calibration due " + readable(due) + ")");

        // The access review lists the operator with the transmitter's calibration in the basis, nothing missing
        JsonNode item = reviewItemOf(operator, OPERATOR_ROLE);
        assertThat(item).as("the operator among the role's holders").isNotNull();
        assertThat(item.path("basis").asString())
                .contains("equipment " + ASSET + " (calibrated until " + due + ")")
                .doesNotContain("not held")
                .doesNotContain("no agreed calibration");

        // The line's training matrix: the trainee misses LOTO only; the calibrated transmitter is not missing
        assertThat(matrixCell(trainee, "LOTO").path("state").asString()).isEqualTo("MISSING");
        assertThat(matrixCell(trainee, TRANSMITTER_CODE).path("state").asString())
                .isEqualTo("EXPIRING");
        assertThat(matrixCell(operator, TRANSMITTER_CODE).path("state").asString())
                .isEqualTo("EXPIRING");

        // When the transmitter is found out of tolerance, the role goes: no lapse to foresee, no holder to review
        clock.advance(Duration.ofMinutes(5));
        agree(EquipmentCalibrations.Status.OUT_OF_TOLERANCE, due);
        new DueWork(context).settle(operator);
        assertThat(mesGroupsOf(operator)).doesNotContain(OPERATOR_ROLE);
        assertThat(lapseOf(operator)).isNull();
        assertThat(reviewItemOf(operator, null)).isNull();
        // and the matrix shows the transmitter as what is missing, for both
        assertThat(matrixCell(operator, TRANSMITTER_CODE).path("state").asString())
                .isEqualTo("MISSING");
        assertThat(matrixCell(trainee, TRANSMITTER_CODE).path("state").asString())
                .isEqualTo("MISSING");
        assertThat(matrixCell(operator, "LOTO").path("state").asString()).isEqualTo("VALID");
    }

    /** The person's cell of the qualification (or instrument) code in the API-1 line's training matrix. */
    private JsonNode matrixCell(String person, String code) {
        JsonNode matrix = json(get("/api/v1/reports/training-matrix?site=SGP&line=API-1"));
        for (JsonNode row : matrix.path("people")) {
            if (row.path("employeeId").asString().equals(person)) {
                for (JsonNode cell : row.path("cells")) {
                    if (cell.path("code").asString().equals(code)) {
                        return cell;
                    }
                }
            }
        }
        throw new AssertionError("no cell " + code + " for " + person + " in " + matrix);
    }

    private void certified(String person, LocalDate completed, String... certifications) {
        for (String certification : certifications) {
            assertThat(hook(certification(person, certification)
                                    .completed(completed.toString())
                                    .json())
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    @Verifies({"URS-QEV-372", "URS-QEV-373"})
    @Test
    void aRuleNamingTheTransmitterPreviewsNoRevocationWhileItIsCalibratedAndTheRealOnesWhenItIsNot() throws Exception {
        LocalDate today = LocalDate.ofInstant(clock.instant(), SINGAPORE);
        agree(EquipmentCalibrations.Status.CALIBRATED, today.plusDays(1000));
        try {
            previewsWhatTheTransmittersStateCauses(today);
        } finally {
            // whatever happened, this cycle ends out of tolerance, so it covers no later test's days
            agree(EquipmentCalibrations.Status.OUT_OF_TOLERANCE, today.plusDays(1000));
        }
    }

    private void previewsWhatTheTransmittersStateCauses(LocalDate today) throws Exception {
        String reviewer = newPerson("SGP");
        certified(reviewer, today.minusDays(1), "WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001");
        new DueWork(context).settle(reviewer);
        assertThat(mesGroupsOf(reviewer)).contains(REVIEWER_ROLE);

        // Proposed: batch reviewers also need the site's transmitter calibrated
        String current = get("/api/v1/rules").body();
        String proposed = current.replaceFirst("(?m)^version: .*$", "version: \"transmitter-proposal\"")
                .replace(
                        "[GMP-BASIC, GDP-DOC, BATCH-REVIEW]",
                        "[GMP-BASIC, GDP-DOC, BATCH-REVIEW, \"equipment: " + ASSET + "\"]");
        assertThat(proposed).isNotEqualTo(current);

        // While it is calibrated, the reviewer keeps the role: no revocation, only its end at the due day
        assertThat(changesOf(preview(proposed), reviewer)).allSatisfy(c -> {
            assertThat(c.path("kind").asString()).isEqualTo("END_MOVES");
            assertThat(c.path("basis").asString()).contains("equipment " + ASSET + " (calibrated until ");
        });

        // Out of tolerance, the preview shows the revocation the rule would really cause, and why
        clock.advance(Duration.ofMinutes(5));
        agree(EquipmentCalibrations.Status.OUT_OF_TOLERANCE, today.plusDays(1000));
        List<JsonNode> mine = changesOf(preview(proposed), reviewer);
        assertThat(mine).singleElement().satisfies(c -> {
            assertThat(c.path("kind").asString()).isEqualTo("LOSS");
            assertThat(c.path("role").asString()).isEqualTo(REVIEWER_ROLE);
            assertThat(c.path("basis").asString()).contains("equipment " + ASSET + " (out of calibration since ");
        });
        assertThat(get("/api/v1/rules").body()).isEqualTo(current);
    }

    /**
     * The transmitter's state as the two systems agree on it, recorded as a comparison would, in the test's own
     * calibration cycle.
     */
    private void agree(EquipmentCalibrations.Status status, LocalDate due) {
        AgreedCalibration.agree(transactions, calibrations, ASSET, "SGP", status, calibrated, due);
    }

    /** A new Singapore operator trained for the reactor: four HRIS certifications and the QMS's own LOTO record. */
    private String reactorOperator(LocalDate completed) {
        String operator = newPersonWithJob("SGP", "Chemical Process Operator");
        certified(operator, completed, "WD-CERT-1001", "WD-CERT-1002", "WD-CERT-5001", "WD-CERT-5002");
        ownedByTheQms(operator, "TW-CRS-0901", completed);
        new DueWork(context).settle(operator);
        return operator;
    }

    /** The operator's lapse of the reactor operators' role in the Singapore outlook, or null. */
    private JsonNode lapseOf(String operator) {
        for (JsonNode line : json(get("/api/v1/reports/expiries?site=SGP")).path("lines")) {
            for (JsonNode role : line.path("roles")) {
                if (!role.path("role").asString().equals(OPERATOR_ROLE)) {
                    continue;
                }
                for (JsonNode person : role.path("people")) {
                    if (person.path("employeeId").asString().equals(operator)) {
                        return person;
                    }
                }
            }
        }
        return null;
    }

    /** The person's item (of the role, or any) in a new access review of Singapore, or null. */
    private JsonNode reviewItemOf(String person, String role) {
        HttpResponse<String> started = postAs("qa-approver", "/api/v1/access-reviews", "{\"site\":\"SGP\"}");
        if (started.statusCode() == 400 && started.body().contains("nobody holds access there now")) {
            return null;
        }
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        for (JsonNode item : json(started).path("holders")) {
            if (item.path("employeeId").asString().equals(person)
                    && (role == null || item.path("role").asString().equals(role))) {
                return item;
            }
        }
        return null;
    }

    private JsonNode preview(String yaml) throws Exception {
        HttpResponse<String> response = postYaml("/api/v1/rules/preview", yaml);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static List<JsonNode> changesOf(JsonNode impact, String person) {
        List<JsonNode> out = new ArrayList<>();
        impact.path("changes").forEach(c -> {
            if (c.path("employeeId").asString().equals(person)) {
                out.add(c);
            }
        });
        return out;
    }

    /** A date as the pages write it in English ("d MMM yyyy"). */
    private static String readable(LocalDate date) {
        return java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH)
                .format(date);
    }
}
