package org.qualigate.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of the entitlement projection: the rules justified {@code role} for the person from
 * {@code validFrom} until {@code validTo} (null: no end), by requirement set {@code set} on the evidence in
 * {@code basis}, and that was Qualigate's answer under the knowledge it held from {@code knownFrom} until
 * {@code knownTo} (null: it still is). {@code reportView} is what the compliance report prints of the basis,
 * rendered when the row was written ({@link ReportBasis}; empty in a row built without it).
 */
public record EntitlementInterval(
        EmployeeId employeeId,
        String site,
        RoleName role,
        Instant validFrom,
        @Nullable Instant validTo,
        Instant knownFrom,
        @Nullable Instant knownTo,
        String rulesVersion,
        int set,
        boolean inGrace,
        String basisJson,
        String reportView) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A row without what the report prints of its basis rendered (the report then reads the basis). */
    public EntitlementInterval(
            EmployeeId employeeId,
            String site,
            RoleName role,
            Instant validFrom,
            @Nullable Instant validTo,
            Instant knownFrom,
            @Nullable Instant knownTo,
            String rulesVersion,
            int set,
            boolean inGrace,
            String basisJson) {
        this(employeeId, site, role, validFrom, validTo, knownFrom, knownTo, rulesVersion, set, inGrace, basisJson, "");
    }

    /**
     * One requirement of the set and the evidence that met it; the originals are the source's own text of the
     * completion and expiry (absent in rows written before they were kept: the days then follow from the instants).
     * For an instrument's calibration (decision 0077) {@code instrument} names the asset, {@code evidenceId} says the
     * agreed state ("calibrated until 2027-01-31"), {@code expiresAt} is the end of its due day, and
     * there is no record or completion ({@code completedAt} is the epoch, never shown).
     */
    public record Evidence(
            String code,
            int minimumLevel,
            String evidenceId,
            String sourceRecordId,
            long sourceVersion,
            int level,
            Instant completedAt,
            @Nullable Instant expiresAt,
            boolean inGrace,
            String authority,
            @Nullable String approvedBy,
            @Nullable Instant approvedAt,
            @Nullable String completedOriginal,
            @Nullable String expiresOriginal,
            @Nullable String instrument) {

        /** Whether the requirement is an instrument's calibration rather than a person's record. */
        public boolean isInstrument() {
            return instrument != null;
        }
    }

    /** Whether the rules justified the role at {@code at}. */
    public boolean coversValid(Instant at) {
        return !at.isBefore(validFrom) && (validTo == null || at.isBefore(validTo));
    }

    /**
     * The basis, read from its stored JSON token by token (a site's report reads one per person and required role,
     * so no tree is built).
     */
    public List<Evidence> basis() {
        List<Evidence> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(basisJson)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("basis of " + employeeId + "/" + role + " is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                out.add(evidence(p));
            }
        }
        return out;
    }

    /** One requirement's evidence, read from the parser standing on its object's start up to that object's end. */
    private static Evidence evidence(JsonParser p) {
        String code = "";
        int minimumLevel = 1;
        String evidence = "";
        String record = "";
        long version = 0;
        int level = 1;
        Instant completed = null;
        Instant expires = null;
        boolean grace = false;
        String authority = "";
        String approvedBy = null;
        Instant approvedAt = null;
        String completedOriginal = null;
        String expiresOriginal = null;
        String instrument = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "code" -> code = p.getString();
                case "minimumLevel" -> minimumLevel = p.getIntValue();
                case "evidence" -> evidence = p.getString();
                case "sourceRecordId" -> record = p.getString();
                case "sourceVersion" -> version = p.getLongValue();
                case "level" -> level = p.getIntValue();
                case "completedAt" -> completed = instant(p.getString());
                case "expiresAt" -> expires = instant(p.getString());
                case "inGrace" -> grace = p.getBooleanValue();
                case "authority" -> authority = p.getString();
                case "approvedBy" -> approvedBy = p.getString();
                case "approvedAt" -> approvedAt = instant(p.getString());
                case "completedOriginal" -> completedOriginal = p.getString();
                case "expiresOriginal" -> expiresOriginal = p.getString();
                case "instrument" -> instrument = p.getString();
                default -> p.skipChildren();
            }
        }
        return new Evidence(
                code,
                minimumLevel,
                evidence,
                record,
                version,
                level,
                java.util.Objects.requireNonNull(completed, "completedAt"),
                expires,
                grace,
                authority,
                approvedBy,
                approvedAt,
                completedOriginal,
                expiresOriginal,
                instrument);
    }

    /**
     * An instant as the basis stores it ({@code Instant.toString()}: "2026-11-12T08:00:00Z", with a fraction of a
     * second when it has one), read by hand; anything else through {@link Instant#parse}. A site's report reads
     * several per person.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n >= 20
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && text.charAt(n - 1) == 'Z') {
            int year = SiteTime.digits(text, 0, 4);
            int month = SiteTime.digits(text, 5, 7);
            int day = SiteTime.digits(text, 8, 10);
            int hour = SiteTime.digits(text, 11, 13);
            int minute = SiteTime.digits(text, 14, 16);
            int second = SiteTime.digits(text, 17, 19);
            int nanos = 0;
            boolean plain = n == 20;
            if (!plain && text.charAt(19) == '.' && n - 21 >= 1 && n - 21 <= 9) {
                int fraction = SiteTime.digits(text, 20, n - 1);
                if (fraction >= 0) {
                    nanos = fraction;
                    for (int k = n - 21; k < 9; k++) {
                        nanos *= 10;
                    }
                    plain = true;
                }
            }
            if (plain && year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                            .toInstant(java.time.ZoneOffset.UTC);
                } catch (java.time.DateTimeException e) {
                    // not a valid date or time: as Instant.parse would say
                }
            }
        }
        return Instant.parse(text);
    }
}
