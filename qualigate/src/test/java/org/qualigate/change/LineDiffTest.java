package org.qualigate.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class LineDiffTest {

    @Verifies("URS-SEQ-007")
    @Test
    void keepsCommonLinesAndMarksRemovedAndAddedOnes() {
        var diff = LineDiff.of("a\nb\nc", "a\nc\nd");
        assertThat(diff)
                .containsExactly(
                        new ChangeSets.DiffLine(" ", "a"),
                        new ChangeSets.DiffLine("-", "b"),
                        new ChangeSets.DiffLine(" ", "c"),
                        new ChangeSets.DiffLine("+", "d"));
    }
}
