package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleName;
import org.qualigate.validation.Verifies;
import org.springframework.core.io.ClassPathResource;

class PlantDefinitionFileTest {

    @Verifies("URS-SEQ-009")
    @Test
    void readsTheDemoPlantWithSitesDictionaryAndRules() {
        Plant plant = PlantDefinitionFile.read(new ClassPathResource("plant/demo-plant.yaml"));

        assertThat(plant.version()).isEqualTo("demo-plant-2026.12.1");
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
}
