package org.qualigate.access;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.Qualification;
import org.qualigate.text.InstantsInText;

/**
 * How a time is read and stated at one site, the one place every page, report, CSV, PDF and API view takes
 * it from (decisions 0003 and 0029). An HR calendar date — a completion, an expiry — is shown as the calendar
 * date the source gave, never as the UTC day of the instant it was normalised to; an expiry date means "valid
 * through the end of that day" in the site's zone, and says so. An instant is stated in the site's zone, named,
 * beside UTC.
 */
public record SiteTime(ZoneId zone) {

    /** For values that belong to no site (or a site the plant no longer has). */
    public static final SiteTime UTC = new SiteTime(ZoneOffset.UTC);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

    /** The site's time, or UTC when the plant has no such site. */
    public static SiteTime of(Plant plant, String site) {
        return plant.site(site).map(s -> new SiteTime(s.zone())).orElse(UTC);
    }

    // ---- reading HR dates ----

    /**
     * The calendar day a record was completed: the date the source gave, or — when the source gave an instant —
     * that instant's day at the site.
     */
    public LocalDate completedOn(Instant completedAt, @Nullable String original) {
        LocalDate given = dateOnly(original);
        return given != null ? given : LocalDate.ofInstant(completedAt, zone);
    }

    /**
     * The last calendar day an expiry leaves the record valid: the date the source gave; for an instant, its day
     * at the site, or the day before when it falls on the site's midnight (the same instant a date gives).
     */
    public @Nullable LocalDate expiresOn(@Nullable Instant expiresAt, @Nullable String original) {
        if (expiresAt == null) {
            return null;
        }
        LocalDate given = dateOnly(original);
        if (given != null) {
            return given;
        }
        ZonedDateTime local = expiresAt.atZone(zone);
        return atMidnight(local) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    }

    /** Whether the record stays valid through the whole of its last day (an expiry date, or a site midnight). */
    public boolean expiresAtEndOfDay(Instant expiresAt, @Nullable String original) {
        return dateOnly(original) != null || atMidnight(expiresAt.atZone(zone));
    }

    /** A qualification's dates as stated everywhere. */
    public RecordDates dates(Qualification q) {
        return dates(q.completedAt(), q.completedOriginal(), q.expiresAt(), q.expiresOriginal());
    }

    public RecordDates dates(
            Instant completedAt,
            @Nullable String completedOriginal,
            @Nullable Instant expiresAt,
            @Nullable String expiresOriginal) {
        return new RecordDates(
                completedAt,
                completedOn(completedAt, completedOriginal),
                completedOriginal,
                expiresAt,
                expiresOn(expiresAt, expiresOriginal),
                expiresOriginal,
                expiresAt != null && expiresAtEndOfDay(expiresAt, expiresOriginal),
                zone);
    }

    /**
     * A record's completion and expiry: each normalised instant beside its calendar day at the site and the
     * source's own text ({@code expiresOn} is the last day it is valid).
     */
    public record RecordDates(
            Instant completedAt,
            LocalDate completedOn,
            @Nullable String completedOriginal,
            @Nullable Instant expiresAt,
            @Nullable LocalDate expiresOn,
            @Nullable String expiresOriginal,
            boolean expiresAtEndOfDay,
            ZoneId zone) {

        /** "12 Nov 2026". */
        public String completion() {
            return day(completedOn);
        }

        /** "9 Mar 2027" (through the end of that day), "9 Mar 2027 17:00 Europe/Zurich", or "does not expire". */
        public String expiry() {
            if (expiresAt == null || expiresOn == null) {
                return "does not expire";
            }
            return expiresAtEndOfDay ? day(expiresOn) : MINUTE.format(expiresAt.atZone(zone)) + " " + zone.getId();
        }

        /**
         * "valid through 9 Mar 2027, end of day Europe/Zurich", "valid until 9 Mar 2027 17:00 Europe/Zurich (16:00
         * UTC)", or "does not expire".
         */
        public String validity() {
            return new SiteTime(zone).validity(expiresAt, expiresOriginal);
        }

        /** The API's fields: each instant, its calendar day at the site, the source's text, and the zone. */
        public View view() {
            return new View(
                    completedAt.toString(),
                    completedOn.toString(),
                    completedOriginal,
                    expiresAt == null ? null : expiresAt.toString(),
                    expiresOn == null ? null : expiresOn.toString(),
                    expiresOriginal,
                    zone.getId());
        }

        /** A record's dates as the API writes them: instants and days as text, an absent one left out. */
        public record View(
                String completedAt,
                String completedOn,
                @Nullable String completedOriginal,
                @Nullable String expiresAt,
                @Nullable String expiresOn,
                @Nullable String expiresOriginal,
                String zone) {}

        /** The fields of {@link #view} but the zone, in order, to a writer (a streamed report writes them so). */
        public void fields(java.util.function.BiConsumer<String, @Nullable String> field) {
            field.accept("completedAt", completedAt.toString());
            field.accept("completedOn", completedOn.toString());
            field.accept("completedOriginal", completedOriginal);
            field.accept("expiresAt", expiresAt == null ? null : expiresAt.toString());
            field.accept("expiresOn", expiresOn == null ? null : expiresOn.toString());
            field.accept("expiresOriginal", expiresOriginal);
        }
    }

    // ---- stating times ----

    /**
     * How long a record is valid: "valid through 9 Mar 2027, end of day Europe/Zurich" for an expiry date (or a
     * site midnight), "valid until 9 Mar 2027 17:00 Europe/Zurich (16:00 UTC)" for another instant, or "does not
     * expire".
     */
    public String validity(@Nullable Instant expiresAt, @Nullable String original) {
        LocalDate through = expiresOn(expiresAt, original);
        if (expiresAt == null || through == null) {
            return "does not expire";
        }
        return expiresAtEndOfDay(expiresAt, original)
                ? "valid through " + day(through) + ", end of day " + zone.getId()
                : "valid until " + instant(expiresAt);
    }

    /** A calendar date as pages and PDFs show it: "12 Nov 2026". */
    public static String day(LocalDate day) {
        return DAY.format(day);
    }

    /** An instant in UTC: "12 Nov 2026 08:00 UTC". */
    public static String utc(Instant instant) {
        return MINUTE.format(instant.atZone(ZoneOffset.UTC)) + " UTC";
    }

    /**
     * An instant at the site with its zone named, and UTC beside it: "12 Nov 2026 09:00 Europe/Zurich (08:00
     * UTC)"; UTC's date is repeated when it differs.
     */
    public String instant(Instant instant) {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return utc(instant);
        }
        ZonedDateTime local = instant.atZone(zone);
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        String inUtc = utc.toLocalDate().equals(local.toLocalDate()) ? HOUR_MINUTE.format(utc) + " UTC" : utc(instant);
        return MINUTE.format(local) + " " + zone.getId() + " (" + inUtc + ")";
    }

    /**
     * The end of a validity (a role justified until, an override's end): "end of day 9 Mar 2027 Europe/Zurich"
     * when it falls on the site's midnight, else the instant with the zone named.
     */
    public String until(Instant end) {
        ZonedDateTime local = end.atZone(zone);
        return atMidnight(local)
                ? "end of day " + day(local.toLocalDate().minusDays(1)) + " " + zone.getId()
                : instant(end);
    }

    /**
     * A sentence written with UTC instants (a decision's summary, an audit reason), each instant restated as
     * {@link #until}: "… until 2027-03-10T23:00:00Z" becomes "… until end of day 10 Mar 2027 Europe/Zurich".
     */
    public String restate(String sentence) {
        return InstantsInText.restate(sentence, this::until);
    }

    // ---- choosing an instant ----

    /** The site's calendar day an instant falls on. */
    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** Today at the site. */
    public LocalDate today(Instant now) {
        return dayOf(now);
    }

    /** The last instant of the site's day (to the millisecond): a record that expires with that day still counts. */
    public Instant endOfDay(LocalDate day) {
        return day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
    }

    /**
     * The instant a question about the site's {@code day} (and optional time of day) is answered for: that time
     * at the site; without one, the end of the site's day — or now when the day is today. A day or time still
     * ahead is refused (the answer says what was known then).
     */
    public PointInTime pointInTime(LocalDate day, @Nullable LocalTime time, Instant now) {
        Instant at;
        PointInTime.Kind kind;
        if (time != null) {
            at = day.atTime(time).atZone(zone).toInstant();
            kind = PointInTime.Kind.TIME_OF_DAY;
        } else if (day.equals(today(now))) {
            at = now;
            kind = PointInTime.Kind.NOW;
        } else {
            at = endOfDay(day);
            kind = PointInTime.Kind.END_OF_DAY;
        }
        return new PointInTime(at, day, time, kind, zone, at.isAfter(now));
    }

    /** Now, as a point in time at the site. */
    public PointInTime now(Instant now) {
        return new PointInTime(now, today(now), null, PointInTime.Kind.NOW, zone, false);
    }

    /** An instant given as such (an RFC 3339 parameter), as a point in time at the site. */
    public PointInTime given(Instant at, Instant now) {
        return new PointInTime(at, dayOf(at), null, PointInTime.Kind.INSTANT, zone, at.isAfter(now));
    }

    /** The instant an answer is for, how it was chosen, and how to say it. */
    public record PointInTime(
            Instant at, LocalDate day, @Nullable LocalTime time, Kind kind, ZoneId zone, boolean inFuture) {

        /** How the instant was chosen from the day and time given. */
        public enum Kind {
            NOW,
            END_OF_DAY,
            TIME_OF_DAY,
            INSTANT
        }

        /**
         * "3 May 2026 23:59:59.999 Europe/Zurich (end of the site's day) = 3 May 2026 21:59:59.999 UTC", or for
         * now "6 Dec 2026 08:05:12.345 Europe/Zurich (now) = …".
         */
        public String describe() {
            String why = switch (kind) {
                case NOW -> " (now)";
                case END_OF_DAY -> " (end of the site's day)";
                case TIME_OF_DAY, INSTANT -> "";
            };
            return SECOND.format(at.atZone(zone)) + " " + zone.getId() + why + " = "
                    + SECOND.format(at.atZone(ZoneOffset.UTC)) + " UTC";
        }

        /** The API's fields: the instant in UTC, the same at the site with its offset, the zone and the choice. */
        public View view() {
            return new View(
                    at.toString(),
                    OffsetDateTime.ofInstant(at, zone).toString(),
                    zone.getId(),
                    day.toString(),
                    kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }

        /** The instant an answer is for, as text: in UTC, at the site with its offset, the zone, the day, the choice. */
        public record View(String at, String atSite, String zone, String day, String chosen) {

            /** The fields in order, to a writer: the compliance report merges them into its own object. */
            public void fields(java.util.function.BiConsumer<String, String> field) {
                field.accept("at", at);
                field.accept("atSite", atSite);
                field.accept("zone", zone);
                field.accept("day", day);
                field.accept("chosen", chosen);
            }
        }
    }

    // ----

    private static @Nullable LocalDate dateOnly(@Nullable String original) {
        // read by hand: a site's report states two dates for each of a million records
        if (original == null || original.length() != 10 || original.charAt(4) != '-' || original.charAt(7) != '-') {
            return null;
        }
        int year = digits(original, 0, 4);
        int month = digits(original, 5, 7);
        int day = digits(original, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number of {@code text[from, to)}, or -1 when a character there is not an ASCII digit. */
    static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Whether the moment is the start of its day at the site (not always 00:00 where a zone skips midnight). */
    private static boolean atMidnight(ZonedDateTime local) {
        return local.equals(local.toLocalDate().atStartOfDay(local.getZone()));
    }
}
