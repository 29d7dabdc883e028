package org.qualigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The employee ID's form checked character by character is exactly its documented pattern. */
class EmployeeIdFormTest {

    private static final String ALPHABET = "AZaz09._-*/ äB7xX\t";

    @Test
    void theCharacterCheckAcceptsExactlyWhatThePatternAccepts() {
        List<String> candidates = new ArrayList<>(List.of(
                "", "B0000001", "b.1_2-3", ".B1", "-B", "_B", "B ", "Bä", "B/1", "A".repeat(64), "A".repeat(65)));
        Random random = new Random(14);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(n % 50 == 0 ? 70 : 8);
            for (int i = 0; i < length; i++) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            candidates.add(s.toString());
        }
        for (String c : candidates) {
            assertThat(EmployeeId.isValid(c))
                    .as(c)
                    .isEqualTo(EmployeeId.FORM.matcher(c).matches());
        }
        assertThat(EmployeeId.isValid(null)).isFalse();
    }
}
