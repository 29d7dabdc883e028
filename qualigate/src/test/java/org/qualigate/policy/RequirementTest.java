package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qualigate.validation.Verifies;

class RequirementTest {

    @Verifies("URS-SEQ-009")
    @Test
    void parsesACodeAloneAtLevelOne() {
        assertThat(Requirement.parse("GMP-BASIC")).isEqualTo(new Requirement(QualificationCode.of("GMP-BASIC"), 1));
    }

    @Verifies("URS-SEQ-009")
    @Test
    void parsesAMinimumLevel() {
        assertThat(Requirement.parse("ASEPTIC-GOWN>=2"))
                .isEqualTo(new Requirement(QualificationCode.of("ASEPTIC-GOWN"), 2));
        assertThat(Requirement.parse(" FILLER-OP >= 3 ")).isEqualTo(Requirement.parse("FILLER-OP>=3"));
    }

    @Verifies("URS-SEQ-009")
    @Test
    void printsTheFormItParses() {
        assertThat(Requirement.parse("ASEPTIC-GOWN>=2")).hasToString("ASEPTIC-GOWN>=2");
        assertThat(Requirement.parse("GMP-BASIC>=1")).hasToString("GMP-BASIC");
    }

    @Verifies("URS-SEQ-009")
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "GMP-BASIC>=",
                "GMP-BASIC>2",
                "GMP-BASIC>=0",
                "GMP-BASIC>=x",
                ">=2",
                "gmp-basic",
                "GMP BASIC",
                "GMP-BASIC>=2>=3"
            })
    void rejectsWhatIsNotCodeOrCodeAtLevel(String text) {
        assertThatThrownBy(() -> Requirement.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requirement");
    }

    @Verifies("URS-SEQ-009")
    @Test
    void rejectsALevelBelowOne() {
        assertThatThrownBy(() -> new Requirement(QualificationCode.of("LOTO"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Verifies("URS-SEQ-009")
    @Test
    void aSetRejectsTheSameCodeTwice() {
        assertThatThrownBy(() -> RequirementSet.of("GMP-BASIC", "ASEPTIC-GOWN", "GMP-BASIC>=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GMP-BASIC more than once");
    }

    @Verifies("URS-SEQ-009")
    @Test
    void aSetMustNotBeEmpty() {
        assertThatThrownBy(() -> new RequirementSet(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
