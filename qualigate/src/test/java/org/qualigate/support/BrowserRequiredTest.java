package org.qualigate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.qualigate.validation.Verifies;

/** Whether a browser test class runs: always with Chromium, skipped only on request, failed without it. */
class BrowserRequiredTest {

    @Verifies("URS-VAL-021")
    @Test
    void withoutChromiumTheBrowserTestsFailNamingThePackagesToInstall() {
        assertThatThrownBy(() -> Browser.Required.decide("run", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install chromium chromium-driver")
                .hasMessageContaining("-Dqualigate.browser-tests=skip");
    }

    @Verifies("URS-VAL-021")
    @Test
    void theyAreSkippedOnlyOnExplicitRequestWithTheReasonTheBuildLooksFor() {
        ConditionEvaluationResult skipped = Browser.Required.decide("skip", true);
        ConditionEvaluationResult run = Browser.Required.decide("run", true);

        assertThat(skipped.isDisabled()).isTrue();
        assertThat(skipped.getReason()).contains("browser tests skipped on request (-Dqualigate.browser-tests=skip)");
        assertThat(run.isDisabled()).isFalse();
        assertThatThrownBy(() -> Browser.Required.decide("no", true))
                .hasMessageContaining("takes 'run' (the default) or 'skip'");
    }
}
