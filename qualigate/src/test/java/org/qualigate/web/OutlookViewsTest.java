package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.access.Site;
import org.qualigate.access.SiteTime;
import org.qualigate.report.ComplianceReport;
import org.qualigate.report.ExpiryOutlook;
import org.qualigate.report.LineTrainingMatrix;
import org.qualigate.validation.Verifies;

/**
 * The training matrix and expiry outlook answers, written by the service's mapper: each field in its order, a cell's
 * expiry and evidence only where a record stands for it, a lapse's qualification only where one ends the role.
 */
class OutlookViewsTest {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    private static ComplianceReport.Requirement requirement(
            String code, @org.jspecify.annotations.Nullable LocalDate expiresOn) {
        var dates = new SiteTime.RecordDates(
                AT, LocalDate.parse("2026-11-19"), "2026-11-19", AT, expiresOn, null, true, ZURICH);
        return new ComplianceReport.Requirement(
                code, ComplianceReport.State.EXPIRING, AT, "EV-1", "hris", List.of("R"), null, dates, null);
    }

    @Verifies("URS-INT-260")
    @Test
    void aLinesTrainingMatrixKeepsItsFieldsAndStatesEveryCount() {
        var matrix = new LineTrainingMatrix.Matrix(
                "BSL",
                new Site.Line("PACK-3", "Secondary packaging", null),
                List.of("BSL.PACK3.OPERATOR"),
                AT,
                30,
                List.of(new LineTrainingMatrix.Column("GMP-1", "GMP basics", false)),
                List.of(new LineTrainingMatrix.Row(
                        "E1",
                        "Anna Muster",
                        List.of("BSL.PACK3.OPERATOR"),
                        List.of(
                                new LineTrainingMatrix.Cell(
                                        "GMP-1",
                                        ComplianceReport.State.EXPIRING,
                                        requirement("GMP-1", LocalDate.parse("2026-12-20"))),
                                new LineTrainingMatrix.Cell("SOP-2", ComplianceReport.State.MISSING, null),
                                new LineTrainingMatrix.Cell(
                                        "SOP-3", ComplianceReport.State.VALID, requirement("SOP-3", null))))),
                Map.of(ComplianceReport.State.EXPIRING, 1, ComplianceReport.State.MISSING, 1));

        assertThat(SERVICE.writeValueAsString(OutlookController.matrixView(matrix)))
                .isEqualTo("{\"site\":\"BSL\",\"line\":\"PACK-3\",\"lineName\":\"Secondary packaging\","
                        + "\"roles\":[\"BSL.PACK3.OPERATOR\"],\"at\":\"2026-12-07T08:00:00Z\",\"expiringWithinDays\":30,"
                        + "\"qualifications\":[{\"code\":\"GMP-1\",\"name\":\"GMP basics\",\"lineSpecific\":false}],"
                        + "\"people\":[{\"employeeId\":\"E1\",\"name\":\"Anna Muster\",\"roles\":[\"BSL.PACK3.OPERATOR\"],"
                        + "\"cells\":[{\"code\":\"GMP-1\",\"state\":\"EXPIRING\",\"expiresOn\":\"2026-12-20\","
                        + "\"evidence\":\"EV-1\"},{\"code\":\"SOP-2\",\"state\":\"MISSING\"},{\"code\":\"SOP-3\","
                        + "\"state\":\"VALID\",\"evidence\":\"EV-1\"}]}],"
                        + "\"counts\":{\"VALID\":0,\"EXPIRING\":1,\"IN_GRACE\":0,\"EXPIRED\":0,\"MISSING\":1}}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anExpiryOutlookKeepsItsFieldsAndLeavesOutALinesNameWhereTheRolesHaveNoLine() {
        var outlook = new ExpiryOutlook.Outlook(
                "BSL",
                AT,
                ExpiryOutlook.WINDOWS,
                List.of(
                        new ExpiryOutlook.LineOutlook(
                                new Site.Line("PACK-3", "Secondary packaging", null),
                                List.of(new ExpiryOutlook.RoleOutlook(
                                        "BSL.PACK3.OPERATOR",
                                        List.of(1, 0, 1),
                                        List.of(
                                                new ExpiryOutlook.Lapse(
                                                        "E1", "Anna Muster", AT, 0, "GMP-1", "GMP basics", null, null),
                                                new ExpiryOutlook.Lapse(
                                                        "E2", "Ben Beispiel", AT, 2, null, null, null, null),
                                                new ExpiryOutlook.Lapse(
                                                        "E3",
                                                        "Chen Wei",
                                                        AT,
                                                        1,
                                                        null,
                                                        null,
                                                        "SGP-TT-0301",
                                                        LocalDate.parse("2026-12-31")))))),
                        new ExpiryOutlook.LineOutlook(
                                null, List.of(new ExpiryOutlook.RoleOutlook("BSL.QA", List.of(0, 0, 0), List.of())))));

        assertThat(SERVICE.writeValueAsString(OutlookController.outlookView(outlook)))
                .isEqualTo("{\"site\":\"BSL\",\"at\":\"2026-12-07T08:00:00Z\",\"windowsInDays\":[30,60,90],"
                        + "\"lines\":[{\"line\":\"PACK-3\",\"name\":\"Secondary packaging\",\"roles\":[{\"role\":"
                        + "\"BSL.PACK3.OPERATOR\",\"lapsing\":[1,0,1],\"people\":[{\"employeeId\":\"E1\",\"name\":"
                        + "\"Anna Muster\",\"lapsesAt\":\"2026-12-07T08:00:00Z\",\"withinDays\":30,\"qualification\":"
                        + "\"GMP-1\",\"qualificationName\":\"GMP basics\"},{\"employeeId\":\"E2\",\"name\":"
                        + "\"Ben Beispiel\",\"lapsesAt\":\"2026-12-07T08:00:00Z\",\"withinDays\":90},{\"employeeId\":\"E3\","
                        + "\"name\":\"Chen Wei\",\"lapsesAt\":\"2026-12-07T08:00:00Z\",\"withinDays\":60,"
                        + "\"instrument\":\"SGP-TT-0301\",\"calibrationDueOn\":\"2026-12-31\"}]}]},"
                        + "{\"roles\":[{\"role\":\"BSL.QA\",\"lapsing\":[0,0,0],\"people\":[]}]}]}");
    }
}
