package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The value types' forms, checked character by character, accept exactly what their patterns match. */
class ValueFormsTest {

    private static final String CHARACTERS = "AZaz09*._-/ é\u0000Ａ";

    @Test
    void aQualificationCodeRoleNameAndScopeAreCheckedAsTheirPatternsMatch() {
        Pattern scope = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
        for (String value : values()) {
            assertThat(QualificationCode.isValid(value))
                    .as(value)
                    .isEqualTo(QualificationCode.FORM.matcher(value).matches());
            assertThat(RoleName.isValid(value))
                    .as(value)
                    .isEqualTo(RoleName.FORM.matcher(value).matches());
            assertThat(AccessRule.isScope(value))
                    .as(value)
                    .isEqualTo(scope.matcher(value).matches());
        }
        assertThat(QualificationCode.isValid(null)).isFalse();
        assertThat(RoleName.isValid(null)).isFalse();
    }

    /** Every string of up to three of the interesting characters, random longer ones, and the length limits. */
    private static List<String> values() {
        List<String> values = new ArrayList<>();
        values.add("");
        for (char a : CHARACTERS.toCharArray()) {
            values.add("" + a);
            for (char b : CHARACTERS.toCharArray()) {
                values.add("" + a + b);
                for (char c : CHARACTERS.toCharArray()) {
                    values.add("" + a + b + c);
                }
            }
        }
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(140);
            for (int k = 0; k < length; k++) {
                s.append(
                        random.nextInt(10) == 0
                                ? CHARACTERS.charAt(random.nextInt(CHARACTERS.length()))
                                : "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(random.nextInt(36)));
            }
            values.add(s.toString());
        }
        for (int length : new int[] {31, 32, 33, 63, 64, 65, 127, 128, 129}) {
            values.add("A".repeat(length));
        }
        return values;
    }
}
