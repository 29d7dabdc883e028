package org.qualigate.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The demo plant's access rules (shared/data/demo-plant.yaml), written out as the policy sees them. */
final class AccessRulesFixtures {

    static final RoleName FILL_OPERATOR = RoleName.of("BSL.FILL-1.OPERATOR");
    static final RoleName FILL_LEAD = RoleName.of("BSL.FILL-1.LEAD");
    static final RoleName SETUP_TECH = RoleName.of("BSL.FILL-1.SETUP_TECH");
    static final RoleName PACK_OPERATOR = RoleName.of("BSL.PACK-3.OPERATOR");
    static final RoleName OSD_OPERATOR = RoleName.of("IND.OSD-1.OPERATOR");
    static final RoleName BSL_BATCH_REVIEWER = RoleName.of("BSL.QA.BATCH_REVIEWER");
    static final RoleName IND_BATCH_REVIEWER = RoleName.of("IND.QA.BATCH_REVIEWER");

    private AccessRulesFixtures() {}

    static AccessRules demoRules() {
        return new AccessRules(
                "demo-1",
                List.of(
                        rule(
                                "BSL.FILL-1.OPERATOR",
                                "BSL",
                                0,
                                List.of(
                                        "GMP-BASIC",
                                        "GDP-DOC",
                                        "CLEANROOM",
                                        "ASEPTIC-GOWN",
                                        "MEDIA-FILL",
                                        "ISOLATOR-OP",
                                        "FILLER-OP",
                                        "SOP-BSL-FILL-014")),
                        rule(
                                "BSL.FILL-1.LEAD",
                                "BSL",
                                0,
                                List.of(
                                        "GMP-BASIC",
                                        "GDP-DOC",
                                        "CLEANROOM",
                                        "ASEPTIC-GOWN>=2",
                                        "MEDIA-FILL",
                                        "ISOLATOR-OP>=2",
                                        "FILLER-OP>=2",
                                        "LINE-CLEARANCE",
                                        "SOP-BSL-FILL-014")),
                        rule(
                                "BSL.FILL-1.SETUP_TECH",
                                "BSL",
                                0,
                                List.of("GMP-BASIC", "GDP-DOC", "ASEPTIC-GOWN>=2", "FILLER-OP>=3"),
                                List.of("GMP-BASIC", "GDP-DOC", "ASEPTIC-GOWN>=2", "ISOLATOR-OP>=2", "LINE-CLEARANCE")),
                        rule(
                                "BSL.LYO-2.OPERATOR",
                                "BSL",
                                0,
                                List.of("GMP-BASIC", "GDP-DOC", "CLEANROOM", "ASEPTIC-GOWN", "LYO-OP")),
                        rule("BSL.PACK-3.OPERATOR", "BSL", 7, List.of("GMP-BASIC", "GDP-DOC", "PACK-SERIAL")),
                        rule(
                                "IND.OSD-1.OPERATOR",
                                "IND",
                                3,
                                List.of("GMP-BASIC", "GDP-DOC", "GRAN-OP", "LOTO"),
                                List.of("GMP-BASIC", "GDP-DOC", "PRESS-OP", "LOTO")),
                        rule(
                                "IND.PACK-2.OPERATOR",
                                "IND",
                                7,
                                List.of("GMP-BASIC", "GDP-DOC", "PACK-SERIAL", "LINE-CLEARANCE")),
                        rule(
                                "SGP.API-1.OPERATOR",
                                "SGP",
                                1,
                                List.of("GMP-BASIC", "GDP-DOC", "REACTOR-OP", "SOLVENT-HAZ", "LOTO")),
                        rule("*.QA.BATCH_REVIEWER", "*", 0, List.of("GMP-BASIC", "GDP-DOC", "BATCH-REVIEW"))));
    }

    @SafeVarargs
    private static AccessRule rule(String role, String site, int graceDays, List<String>... sets) {
        List<List<String>> anyOf = new ArrayList<>();
        for (List<String> set : sets) {
            anyOf.add(set);
        }
        return AccessRule.of(role, site, anyOf, Duration.ofDays(graceDays));
    }
}
