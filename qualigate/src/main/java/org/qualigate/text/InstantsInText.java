package org.qualigate.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentences recorded with ISO instants in them (an audit entry's reason, a decision's summary) said again for a
 * reader: each instant replaced by how the reader is told instants, the rest of the sentence as recorded.
 */
public final class InstantsInText {

    private static final Pattern INSTANT =
            Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?Z\\b");

    private InstantsInText() {}

    /** The sentence with each instant in it said by {@code say}; text that only looks like an instant stays. */
    public static String restate(String sentence, Function<Instant, String> say) {
        Matcher m = INSTANT.matcher(sentence);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String said;
            try {
                said = say.apply(Instant.parse(m.group()));
            } catch (DateTimeException e) {
                said = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(said));
        }
        m.appendTail(out);
        return out.toString();
    }
}
