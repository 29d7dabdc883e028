package org.qualigate.accessreview;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/** A completed campaign's CSV, byte for byte: its hash is signed, so the same campaign must give the same bytes. */
class CampaignReportCsvTest {

    private static final Instant HELD = Instant.parse("2026-10-01T06:00:00Z");
    private static final Instant DECIDED = Instant.parse("2026-11-20T09:15:30Z");

    @Test
    void writesOneCrlfLinePerHolderQuotingWhatNeedsItAndNeutralisingFormulas() {
        AccessReviews.Campaign campaign = new AccessReviews.Campaign(
                42,
                "Q4 review",
                AccessReviews.Scope.SITE,
                "BASEL",
                "qa.lead",
                HELD,
                false,
                "qa.lead",
                DECIDED,
                2,
                1,
                1);
        UUID signature = UUID.fromString("00000000-0000-0000-0000-000000000007");
        List<AccessReviews.Item> items = List.of(
                new AccessReviews.Item(
                        1,
                        42,
                        EmployeeId.of("E1001"),
                        "Muster, \"Max\"",
                        "BASEL",
                        "mes",
                        RoleName.of("OPERATOR"),
                        "cert A\nline two",
                        HELD,
                        null,
                        AccessReviews.Decision.CONFIRMED,
                        "=SUM(A1)",
                        "qa.lead",
                        DECIDED,
                        signature,
                        null),
                new AccessReviews.Item(
                        2,
                        42,
                        EmployeeId.of("E1002"),
                        "Zoë Keller",
                        "BASEL",
                        "mes",
                        RoleName.of("OPERATOR"),
                        "-",
                        HELD,
                        DECIDED,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));

        String csv = new String(CampaignReport.csv(campaign, items), StandardCharsets.UTF_8);

        assertThat(csv)
                .isEqualTo("campaign_id,item_id,employee_id,name,site,target,role,basis,held_since,valid_until,"
                        + "decision,reason,decided_by,decided_at,signature_id\r\n"
                        + "42,1,E1001,\"Muster, \"\"Max\"\"\",BASEL,mes,OPERATOR,\"cert A\nline two\","
                        + "2026-10-01T06:00:00Z,,CONFIRMED,'=SUM(A1),qa.lead,2026-11-20T09:15:30Z,"
                        + "00000000-0000-0000-0000-000000000007\r\n"
                        + "42,2,E1002,Zoë Keller,BASEL,mes,OPERATOR,'-,2026-10-01T06:00:00Z,2026-11-20T09:15:30Z,,,,,"
                        + "\r\n");
    }
}
