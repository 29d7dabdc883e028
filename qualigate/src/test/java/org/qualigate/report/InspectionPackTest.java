package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.validation.Verifies;

/**
 * The inspection pack's CSV states dates as the role holders page does: instants at the site with the zone named
 * (and UTC beside them), an HR calendar date as that date, an expiry date as "valid through …, end of day" — no
 * ISO instants for a reader to convert.
 */
class InspectionPackTest {

    private static final SiteTime BASEL = new SiteTime(ZoneId.of("Europe/Zurich"));
    private static final RoleName PACK = RoleName.of("BSL.PACK-3.OPERATOR");

    @Verifies("URS-REP-141")
    @Test
    void theCsvStatesInstantsAtTheSiteWithTheZoneAndCalendarDatesAsDatesAsThePageDoes() {
        // completed 12 Nov 2026 (Basel's midnight is 23:00 UTC the day before), valid through 9 Mar 2027
        String basis = "[{\"code\":\"PACK-SERIAL\",\"minimumLevel\":1,\"evidence\":\"hris/TR-1\","
                + "\"sourceRecordId\":\"TR-1\",\"sourceVersion\":1,\"level\":1,"
                + "\"completedAt\":\"2026-11-11T23:00:00Z\",\"expiresAt\":\"2027-03-09T23:00:00Z\","
                + "\"inGrace\":false,\"authority\":\"HRIS\",\"approvedBy\":\"TC-0042\","
                + "\"approvedAt\":\"2026-11-12T09:15:00Z\",\"completedOriginal\":\"2026-11-12\","
                + "\"expiresOriginal\":\"2027-03-09\"}]";
        EmployeeId anna = EmployeeId.of("E1001");
        EntitlementInterval justified = new EntitlementInterval(
                anna,
                "BSL",
                PACK,
                Instant.parse("2026-11-12T08:00:00Z"),
                Instant.parse("2027-03-09T23:00:00Z"),
                Instant.parse("2026-11-12T08:00:00Z"),
                null,
                "v7",
                1,
                false,
                basis);
        AssignmentHistory.Held inMes = new AssignmentHistory.Held(
                anna,
                "mes",
                PACK,
                "u-1",
                Instant.parse("2026-11-12T08:00:05Z"),
                Instant.parse("2026-11-12T08:00:05Z"),
                "granted",
                "[]",
                null,
                null,
                null);
        RoleHolders.Answer answer = new RoleHolders.Answer(
                PACK,
                "BSL",
                "PACK-3",
                Instant.parse("2027-04-05T07:00:00Z"),
                Instant.parse("2027-04-05T07:00:00Z"),
                new RecordsBegin.Known(Instant.parse("2026-11-02T08:00:00Z"), false, false),
                "v7",
                List.of(new RoleHolders.Holder(
                        "E1001",
                        "Anna Muster",
                        "ACTIVE",
                        RoleHolders.Why.RULES,
                        justified,
                        null,
                        null,
                        List.of(inMes),
                        List.of(41L, 42L))),
                new RoleHolders.Counts(1, Map.of(RoleHolders.Why.RULES, 1L), 1),
                null);

        String csv = InspectionPack.csv(answer, BASEL);
        String line = csv.lines().skip(1).findFirst().orElseThrow();

        assertThat(line)
                .contains("5 Apr 2027 09:00 Europe/Zurich (07:00 UTC)")
                .contains("mes since 12 Nov 2026 09:00 Europe/Zurich (08:00 UTC) (granted by Qualigate)")
                .contains("12 Nov 2026 09:00 Europe/Zurich (08:00 UTC)")
                .contains("end of day 9 Mar 2027 Europe/Zurich")
                .contains("PACK-SERIAL: record TR-1 (level 1), approved by TC-0042, completed 12 Nov 2026, "
                        + "valid through 9 Mar 2027, end of day Europe/Zurich");
        assertThat(line).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
        // when the records begin, at the site, and that the answer's instant of knowledge does not lie before it
        assertThat(csv.lines().findFirst().orElseThrow())
                .endsWith(",records_begin,before_records_begin,targets_held_unknown");
        assertThat(line).endsWith(",2 Nov 2026 09:00 Europe/Zurich (08:00 UTC),false,false");
    }
}
