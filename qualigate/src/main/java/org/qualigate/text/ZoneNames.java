package org.qualigate.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;

/**
 * How an instant's zone is named for a reader (decision 0099): by the short name the reader's language gives it
 * ("CET", "MEZ", "EDT", "UTC") when that name is a true name of the zone at that instant, else by the zone's id
 * ("Asia/Singapore"). The language's data gives some zones no short name, only an offset ("GMT+08:00" for Singapore
 * in English and German), and gives some no name for their summer time (German calls Indianapolis "EST" in July too):
 * those are named by their id, in every language alike.
 */
public final class ZoneNames {

    private ZoneNames() {}

    /**
     * The instant in the zone as the pattern lays it out ({@link DateTimeFormatter} letters), its zone name
     * ({@code z}) as {@link #shortName} says it.
     */
    public static String format(String pattern, Locale locale, ZoneId zone, Instant instant) {
        String named =
                pattern.indexOf('z') < 0 ? pattern : withNameAsLiteral(pattern, shortName(zone, instant, locale));
        return DateTimeFormatter.ofPattern(named, locale).withZone(zone).format(instant);
    }

    /** The zone's short name in the language at the instant when it truly names the zone then, else its id. */
    public static String shortName(ZoneId zone, Instant instant, Locale locale) {
        String name = name(zone, instant, locale);
        if ((name.startsWith("GMT") || name.startsWith("UTC")) && name.length() > 3) {
            return zone.getId(); // an offset, not a name
        }
        if (zone.getRules().isDaylightSavings(instant)) {
            ZoneOffsetTransition back = zone.getRules().nextTransition(instant);
            if (back != null && name.equals(name(zone, back.getInstant(), locale))) {
                return zone.getId(); // the standard time's name, said of summer time
            }
        }
        return name;
    }

    private static String name(ZoneId zone, Instant instant, Locale locale) {
        return DateTimeFormatter.ofPattern("z", locale).withZone(zone).format(instant);
    }

    // each run of z outside quotes becomes the name, quoted as a literal
    private static String withNameAsLiteral(String pattern, String name) {
        StringBuilder out = new StringBuilder(pattern.length() + name.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                out.append(c);
            } else if (c == 'z' && !quoted) {
                while (i + 1 < pattern.length() && pattern.charAt(i + 1) == 'z') {
                    i++;
                }
                out.append('\'').append(name.replace("'", "''")).append('\'');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
