package org.qualigate.ui;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qualigate.text.Sentence;

/**
 * A refusal's reason, as a service states it in English for the API (CONTRACT.md), said in the reader's language
 * on a page (decision 0047). The services' reasons are stable sentences with the values at known places; each one
 * a page shows is matched here to a message key, its values kept as the arguments. A reason not listed is shown
 * in the service's words, worded as a sentence.
 */
final class RefusalWords {

    private record Said(Pattern reason, String key) {}

    private static final List<Said> KNOWN = List.of(
            said("is required", "refusal.required"),
            said(
                    "is required: the first signature of a session needs your user id and password",
                    "refusal.sign.user-id"),
            said("must be your own user id: a signature cannot be made for another user", "refusal.sign.own-user-id"),
            said("is required: re-enter your password to sign", "refusal.sign.password"),
            said("does not confirm your identity \\((.+)\\)", "refusal.sign.identity"),
            said("only a person's account can sign", "refusal.sign.person-only"),
            said("was refused", "refusal.refused"),
            said("must be at most (\\d+) characters", "refusal.at-most"),
            said("is required to revoke, at least (\\d+) characters", "refusal.revoke-reason"),
            said("is not a site of the plant: (.+)", "refusal.not-a-site"),
            said("is not a role name: (.+)", "refusal.not-a-role-name"),
            said("is not a role of the plant: (.+)", "refusal.not-a-role"),
            said("nobody holds access there now: (.+)", "refusal.nobody-holds"),
            said("must list at least one decision", "refusal.no-decision"),
            said("is not a holder of this campaign", "refusal.not-a-holder"),
            said("is decided twice in this signing", "refusal.decided-twice"),
            said("was decided already \\((confirmed|revoked) by (.+)\\)", "refusal.decided-already"),
            said("(\\d+) holder\\(s\\) of campaign (\\d+) still wait for a decision", "refusal.undecided"),
            said("campaign (\\d+) is completed(?: already)?", "refusal.campaign-completed"));

    private RefusalWords() {}

    private static Said said(String reason, String key) {
        return new Said(Pattern.compile(reason), key);
    }

    /** The reason as a sentence of the bundles, else in the service's words ({@code wording} makes it a sentence). */
    static Object of(String reason, UnaryOperator<String> wording) {
        String r = reason.strip();
        for (Said s : KNOWN) {
            Matcher m = s.reason().matcher(r);
            if (m.matches()) {
                Object[] values = new Object[m.groupCount()];
                for (int i = 0; i < values.length; i++) {
                    String v = m.group(i + 1);
                    values[i] = v.chars().allMatch(Character::isDigit) && v.length() < 10 ? Long.parseLong(v) : v;
                }
                return Sentence.of(s.key(), values);
            }
        }
        return wording.apply(reason);
    }

    /** As {@link #of(String, UnaryOperator)}, worded as a sentence next to a field. */
    static Object of(String reason) {
        return of(reason, UiSigning::sentence);
    }
}
