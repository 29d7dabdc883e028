package org.qualigate.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.qualigate.access.Plant;
import org.qualigate.access.Site;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleName;
import org.qualigate.text.RefusedInput;
import org.qualigate.text.Sentence;
import org.qualigate.validation.Verifies;
import org.springframework.core.io.ClassPathResource;

class PlantDefinitionFileTest {

    @Verifies("URS-SEQ-009")
    @Test
    void readsTheDemoPlantWithSitesDictionaryAndRules() {
        Plant plant = PlantDefinitionFile.read(new ClassPathResource("plant/demo-plant.yaml"));

        assertThat(plant.version()).isEqualTo("demo-plant-2026.12.2");
        assertThat(plant.sites()).containsOnlyKeys("BSL", "IND", "SGP");
        assertThat(plant.site("IND").orElseThrow().zone()).isEqualTo(ZoneId.of("America/Indiana/Indianapolis"));
        assertThat(plant.dictionary().canonical("workday", "WD-CERT-2102"))
                .contains(QualificationCode.of("ASEPTIC-GOWN"));
        assertThat(plant.dictionary().canonical("successfactors", "SF-ITM-GMP101"))
                .contains(QualificationCode.of("GMP-BASIC"));
        assertThat(plant.dictionary().canonical("workday", "TW-CRS-0103")).isEmpty();
        assertThat(plant.rules().rules()).hasSize(9);
        assertThat(plant.rules().rolesAt("BSL"))
                .contains(RoleName.of("BSL.QA.BATCH_REVIEWER"), RoleName.of("BSL.FILL-1.LEAD"));
        assertThat(plant.rules().rolesAt("BSL")).doesNotContain(RoleName.of("IND.OSD-1.OPERATOR"));
    }

    @Verifies("URS-SEQ-009")
    @Test
    void takesSiteLineAndGraceFromEachRole() {
        Plant plant = PlantDefinitionFile.read(new ClassPathResource("plant/demo-plant.yaml"));
        var pack =
                plant.rules().ruleFor(RoleName.of("BSL.PACK-3.OPERATOR"), "BSL").orElseThrow();
        assertThat(pack.site()).isEqualTo("BSL");
        assertThat(pack.line()).isEqualTo("PACK-3");
        assertThat(pack.grace()).isEqualTo(Duration.ofDays(7));
        var setup = plant.rules()
                .ruleFor(RoleName.of("BSL.FILL-1.SETUP_TECH"), "BSL")
                .orElseThrow();
        assertThat(setup.anyOf()).hasSize(2);
        var reviewer = plant.rules()
                .ruleFor(RoleName.of("SGP.QA.BATCH_REVIEWER"), "SGP")
                .orElseThrow();
        assertThat(reviewer.site()).isEqualTo("*");
    }

    @Verifies("URS-SEQ-009")
    @Test
    void namesTheEntryAndFieldOfAnError() {
        assertThatThrownBy(() -> PlantDefinitionFile.parse("""
                        version: "1"
                        sites: [{code: BSL, zone: Europe/Zurich}]
                        qualifications: [{code: GMP-BASIC, workday: WD-1}]
                        roles: [{role: BSL.X.OPERATOR, sets: [[GMP-BASIC, LOTO]]}]
                        """, "test.yaml"))
                .hasMessageContaining("BSL.X.OPERATOR")
                .hasMessageContaining("LOTO");
        assertThatThrownBy(() -> PlantDefinitionFile.parse("""
                        version: "1"
                        sites: [{code: BSL, zone: Mars/Olympus}]
                        """, "test.yaml"))
                .hasMessageContaining("site BSL")
                .hasMessageContaining("zone");
        assertThatThrownBy(() -> PlantDefinitionFile.parse("sites: []", "test.yaml"))
                .hasMessageContaining("version is required");
    }

    @Verifies("URS-UI-212")
    @Test
    void aRefusalKeepsItsEnglishAndSaysItselfByKeyWithThePositionAsArgument() {
        assertThatThrownBy(() -> PlantDefinitionFile.parse("""
                        version: "1"
                        sites: [{code: BSL, zone: Mars/Olympus}]
                        """, "test.yaml"))
                .isInstanceOf(RefusedInput.class)
                .hasMessage("test.yaml site BSL: zone is not a time zone id: Mars/Olympus")
                .extracting(e -> ((RefusedInput) e).said())
                .isEqualTo(Sentence.of("refusal.definition.zone", "test.yaml site BSL", "Mars/Olympus"));
        // the position (the entry) is an argument, not part of the words
        assertThatThrownBy(() -> PlantDefinitionFile.parse("""
                        version: "1"
                        sites: [{code: BSL, zone: Europe/Zurich}]
                        qualifications: [{code: GMP-BASIC}]
                        roles: [{role: BSL.X.OPERATOR, sets: [[GMP-BASIC]], graceDays: -1}]
                        """, "test.yaml"))
                .hasMessage("test.yaml role BSL.X.OPERATOR: graceDays must not be negative")
                .extracting(e -> ((RefusedInput) e).said())
                .isEqualTo(Sentence.of("refusal.definition.grace-negative", "test.yaml role BSL.X.OPERATOR"));
    }

    @Verifies("URS-UI-212")
    @Test
    void aMalformedRoleNameIsSaidWithItsPositionAndValue() {
        assertThatThrownBy(() -> PlantDefinitionFile.parse("""
                        version: "1"
                        sites: [{code: BSL, zone: Europe/Zurich}]
                        qualifications: [{code: GMP-BASIC}]
                        roles: [{role: "BSL X", site: BSL, sets: [[GMP-BASIC]]}]
                        """, "test.yaml"))
                .hasMessage("test.yaml role BSL X: role name must be 1-128 characters of letters, digits, '.', '_',"
                        + " '-', '*': BSL X")
                .extracting(e -> ((RefusedInput) e).said())
                .isEqualTo(Sentence.of("refusal.definition.role-name", "test.yaml role BSL X", "BSL X"));
    }

    @Verifies("URS-UI-212")
    @Test
    void aStaffingRefusalIsSaidByItsKey() {
        assertThatThrownBy(() -> PlantDefinitionFile.parse("""
                        version: "1"
                        sites: [{code: BSL, zone: Europe/Zurich, lines: [FILL-1]}]
                        qualifications: [{code: GMP-BASIC}]
                        roles: [{role: BSL.FILL-1.OPERATOR, sets: [[GMP-BASIC]]}]
                        staffing: [{role: BSL.FILL-1.OPERATOR, minimum: 2}]
                        """, "test.yaml"))
                .hasMessage("test.yaml staffing of BSL.FILL-1.OPERATOR: site BSL defines no shifts, so no minimum per"
                        + " shift: BSL.FILL-1.OPERATOR")
                .extracting(e -> ((RefusedInput) e).said())
                .isEqualTo(Sentence.of(
                        "refusal.definition.no-shifts",
                        "test.yaml staffing of BSL.FILL-1.OPERATOR",
                        "BSL",
                        "BSL.FILL-1.OPERATOR"));
    }

    @Verifies("URS-SEQ-100")
    @Test
    void readsTheShiftsLineSupervisorsAndStaffingMinimumsOfEachSite() {
        Plant plant = PlantDefinitionFile.read(new ClassPathResource("plant/demo-plant.yaml"));

        Site basel = plant.site("BSL").orElseThrow();
        assertThat(basel.shifts()).extracting(Site.Shift::name).containsExactly("early", "late", "night");
        Site.Shift night = basel.shift("night").orElseThrow();
        assertThat(night.crossesMidnight()).isTrue();
        // 22:00–06:00 in Basel on 20 November 2026 (winter time) is 21:00–05:00 UTC
        assertThat(night.on(java.time.LocalDate.parse("2026-11-20"), basel.zone()))
                .isEqualTo(new Site.Window(
                        java.time.Instant.parse("2026-11-20T21:00:00Z"),
                        java.time.Instant.parse("2026-11-21T05:00:00Z")));
        assertThat(basel.line("PACK-3").orElseThrow().supervisor()).isEqualTo("pack3.supervisor@pharma.example");
        assertThat(plant.staffingAt("BSL"))
                .extracting(m -> m.role() + " " + m.line() + " " + m.minimum() + " " + m.shifts())
                .contains("BSL.PACK-3.OPERATOR PACK-3 3 [early, late, night]");
        assertThat(plant.staffingAt("IND"))
                .extracting(m -> m.minimum() + " " + m.shifts())
                .contains("3 [day]", "2 [night]");
    }

    @Verifies("URS-SEQ-100")
    @Test
    void refusesAStaffingMinimumThatCannotBeCheckedNamingTheEntryAndTheField() {
        assertThat(refusal("{ role: BSL.PACK-3.LEAD, minimum: 2 }"))
                .contains("staffing of BSL.PACK-3.LEAD")
                .contains("role is not defined under roles");
        assertThat(refusal("{ role: \"*.QA.BATCH_REVIEWER\", minimum: 1 }")).contains("staffing minimums are per line");
        assertThat(refusal("{ role: BSL.PACK-3.OPERATOR, minimum: 0 }"))
                .contains("minimum must be a whole number of people from 1 to 999: 0");
        assertThat(refusal("{ role: BSL.PACK-3.OPERATOR, minimum: three }")).contains("minimum must be a whole number");
        assertThat(refusal("{ role: BSL.PACK-3.OPERATOR, minimum: 3, shifts: [swing] }"))
                .contains("shift is not a shift of site BSL: swing");
        assertThat(
                        refusal(
                                "{ role: BSL.PACK-3.OPERATOR, minimum: 3 }\n  - { role: BSL.PACK-3.OPERATOR, minimum: 2, shifts: [night] }"))
                .contains("on shift night is given twice");
        assertThatThrownBy(() -> PlantDefinitionFile.parse(
                        PLANT.replace("supervisor: pack3@plant.example", "supervisor: pack-three"), "test.yaml"))
                .hasMessageContaining("line PACK-3: supervisor must be an e-mail address: pack-three");
        assertThatThrownBy(
                        () -> PlantDefinitionFile.parse(PLANT.replace("end: \"14:00\"", "end: \"2pm\""), "test.yaml"))
                .hasMessageContaining("shift early: end must be a local time HH:mm: 2pm");
    }

    private static final String PLANT = """
            version: "1"
            sites:
              - code: BSL
                zone: Europe/Zurich
                lines: [{ code: PACK-3, supervisor: pack3@plant.example }, { code: FILL-1 }]
                shifts:
                  - { name: early, start: "06:00", end: "14:00" }
                  - { name: night, start: "22:00", end: "06:00" }
            qualifications: [{ code: GMP-BASIC, workday: WD-1 }, { code: BATCH-REVIEW, workday: WD-2 }]
            roles:
              - { role: BSL.PACK-3.OPERATOR, sets: [[GMP-BASIC]] }
              - { role: "*.QA.BATCH_REVIEWER", sets: [[GMP-BASIC, BATCH-REVIEW]] }
            staffing:
              - STAFFING
            """;

    private static String refusal(String staffing) {
        try {
            PlantDefinitionFile.parse(PLANT.replace("STAFFING", staffing), "test.yaml");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + staffing);
    }
}
