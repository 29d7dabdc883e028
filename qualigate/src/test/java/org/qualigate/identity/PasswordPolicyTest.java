package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.text.Refusal;
import org.qualigate.validation.Verifies;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy(12, 2);

    @Verifies("URS-SEC-004")
    @Test
    void refusesShortPasswordsPasswordsWithTheUserNameAndRecentPasswords() {
        assertThat(policy.refusal("anna", "eleven-char", List.of()).map(Refusal::reason))
                .contains("must have at least 12 characters");
        assertThat(policy.refusal("anna", "my-name-is-ANNA-ok", List.of()).map(Refusal::reason))
                .contains("must not contain the user name");
        assertThat(policy.refusal("anna", "recent-password-1", List.of(p -> p.equals("recent-password-1")))
                        .map(Refusal::reason))
                .contains("must differ from the last 2 passwords");
    }

    @Verifies("URS-SEC-004")
    @Test
    void acceptsALongPasswordUsedBeforeTheHistoryWindow() {
        assertThat(policy.refusal(
                        "anna",
                        "very-old-password-1",
                        List.of(p -> false, p -> false, p -> p.equals("very-old-password-1"))))
                .isEmpty();
    }
}
