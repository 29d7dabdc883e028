package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequirementTest {

    @Test
    void parsesACodeAloneAtLevelOne() {
        assertThat(Requirement.parse("GMP-BASIC")).isEqualTo(new Requirement(QualificationCode.of("GMP-BASIC"), 1));
    }

    @Test
    void parsesAMinimumLevel() {
        assertThat(Requirement.parse("ASEPTIC-GOWN>=2"))
                .isEqualTo(new Requirement(QualificationCode.of("ASEPTIC-GOWN"), 2));
        assertThat(Requirement.parse(" FILLER-OP >= 3 ")).isEqualTo(Requirement.parse("FILLER-OP>=3"));
    }

    @Test
    void printsTheFormItParses() {
        assertThat(Requirement.parse("ASEPTIC-GOWN>=2")).hasToString("ASEPTIC-GOWN>=2");
        assertThat(Requirement.parse("GMP-BASIC>=1")).hasToString("GMP-BASIC");
    }

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

    @Test
    void rejectsALevelBelowOne() {
        assertThatThrownBy(() -> new Requirement(QualificationCode.of("LOTO"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void aSetRejectsTheSameCodeTwice() {
        assertThatThrownBy(() -> RequirementSet.of("GMP-BASIC", "ASEPTIC-GOWN", "GMP-BASIC>=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GMP-BASIC more than once");
    }

    @Test
    void aSetMustNotBeEmpty() {
        assertThatThrownBy(() -> new RequirementSet(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
