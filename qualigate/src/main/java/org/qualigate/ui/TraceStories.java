package org.qualigate.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Dictionary;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.AuditEntry;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.Requirement;
import org.qualigate.policy.RoleName;
import org.qualigate.text.Sentence;
import tools.jackson.databind.JsonNode;

/**
 * The traceability page's sentences, one per grant or revocation of a role, as message keys and arguments
 * (decision 0047): "E10023 (name) gained role Y in mes on Z because certification A (level 2) was completed on
 * Z-1, evidenced by HRIS record #TR-12345, approved by Q on …". A grant's or revocation's recorded reason and an
 * override's reason are records and are quoted as recorded.
 */
final class TraceStories {

    private TraceStories() {}

    /** One change of the role as a sentence, with the audit entry it comes from and when it happened. */
    record Story(long seq, Instant when, String action, Sentence sentence, List<String> cited) {}

    /**
     * The story of one audit entry; {@code mapped} names, per plant qualification code, how a mapping approved under
     * change control made it count (appended to a grant that cites it).
     */
    static Story story(
            Person person,
            RoleName role,
            AuditEntry e,
            List<Qualification> known,
            SiteTime site,
            Map<String, Sentence> mapped,
            Dictionary names) {
        JsonNode v = e.newValue();
        String target = text(v, "target");
        Sentence who = Sentence.of("trace.story.who", person.employeeId().value(), person.displayName());
        Sentence.AtSite when = new Sentence.AtSite(e.occurredAt(), site.zone());
        Object where = target.isEmpty() ? "–" : target;
        return switch (e.action()) {
            case "role.granted" -> granted(who, role, where, e, known, site, mapped, names);
            case "role.revoked" ->
                new Story(
                        e.seq(),
                        e.occurredAt(),
                        "revoked",
                        e.reason() == null
                                ? Sentence.of("trace.story.revoked", who, role.value(), where, when)
                                : Sentence.of(
                                        "trace.story.revoked.because",
                                        who,
                                        role.value(),
                                        where,
                                        when,
                                        Sentence.Quoted.english(e.reason())),
                        List.of());
            default ->
                new Story(
                        e.seq(),
                        e.occurredAt(),
                        e.action().replace("role.", "").replace('-', ' '),
                        Sentence.of("trace.story.other", who, Sentence.Quoted.english(e.reason())),
                        List.of());
        };
    }

    /** A grant, with each certification of the set that justified it and how mapped codes count. */
    private static Story granted(
            Sentence who,
            RoleName role,
            Object where,
            AuditEntry e,
            List<Qualification> known,
            SiteTime site,
            Map<String, Sentence> mapped,
            Dictionary names) {
        JsonNode v = e.newValue();
        Sentence.AtSite when = new Sentence.AtSite(e.occurredAt(), site.zone());
        List<Sentence> because = new ArrayList<>();
        List<Sentence> counted = new ArrayList<>();
        List<String> cited = new ArrayList<>();
        JsonNode basis = v == null ? null : v.get("basis");
        if (basis != null && basis.isArray()) {
            for (JsonNode b : basis) {
                because.add(clause(b, known, site, names));
                cited.add(text(b, "code"));
                Optional.ofNullable(mapped.get(text(b, "code"))).ifPresent(counted::add);
            }
        }
        if (v != null && v.get("override") != null) {
            JsonNode o = v.get("override");
            because.add(Sentence.of(
                    "trace.story.override", text(o, "grantedBy"), Sentence.Quoted.english(text(o, "reason"))));
        }
        Sentence sentence = because.isEmpty()
                ? e.reason() == null
                        ? Sentence.of("trace.story.granted", who, role.value(), where, when)
                        : Sentence.of(
                                "trace.story.granted.recorded",
                                who,
                                role.value(),
                                where,
                                when,
                                Sentence.Quoted.english(e.reason()))
                : Sentence.of(
                        "trace.story.granted.because",
                        who,
                        role.value(),
                        where,
                        when,
                        join(because, "format.list.and"),
                        counted.isEmpty() ? "" : join(counted, "format.list.semicolon"),
                        counted.size());
        return new Story(e.seq(), e.occurredAt(), "granted", sentence, cited);
    }

    /** "S counts as C by change set N, approved by P": a mapping that makes a source's code count. */
    static Sentence mapped(String sourceCode, String code, long changeSet, String approvedBy) {
        return Sentence.of("trace.story.mapped", sourceCode, code, changeSet, approvedBy);
    }

    /**
     * One certification of the set that justified a grant. Its completion is the HR calendar date: the source's
     * own date when the record Qualigate knows is the one the grant cited, else the cited instant's day at the site.
     */
    static Sentence clause(JsonNode b, List<Qualification> known, SiteTime site, Dictionary names) {
        String code = text(b, "code");
        Optional<String> instrument = instrument(code);
        if (instrument.isPresent()) {
            // an instrument's agreed calibration, not a certification anyone completed: said as the policy
            // recorded it (a cycle's due date, and the recalibration that cut it short)
            String recorded = text(b, "evidence");
            if (!recorded.isEmpty()) {
                return TraceInstruments.said(instrument.get(), recorded);
            }
            Instant expiresAt = instant(text(b, "expiresAt"));
            return expiresAt == null
                    ? Sentence.of("trace.instrument.calibrated.no-end", instrument.get())
                    : Sentence.of(
                            "trace.instrument.calibrated",
                            instrument.get(),
                            LocalDate.ofInstant(expiresAt, site.zone()).minusDays(1));
        }
        String level = text(b, "level");
        String evidence = text(b, "evidence");
        Optional<Qualification> q = known.stream()
                .filter(k -> k.evidence().evidenceId().equals(evidence))
                .findFirst();
        Sentence s = level.isEmpty()
                ? Sentence.of("trace.story.certification", code)
                : Sentence.of("trace.story.certification.level", code, level);
        Optional<String> name = q.flatMap(names::nameOf);
        if (name.isPresent()) {
            s = Sentence.of("trace.story.named", s, name.get());
        }
        s = completion(s, b, q, site);
        String record = text(b, "sourceRecordId");
        if (!record.isEmpty()) {
            String source = evidence.contains("/") ? evidence.substring(0, evidence.indexOf('/')) : "";
            s = source.isEmpty()
                    ? Sentence.of("trace.story.evidenced", s, record)
                    : Sentence.of("trace.story.evidenced.by", s, source.toUpperCase(Locale.ROOT), record);
        }
        String approvedBy = text(b, "approvedBy");
        if (!approvedBy.isEmpty()) {
            Instant approved = instant(text(b, "approvedAt"));
            s = approved == null
                    ? Sentence.of("trace.story.approved", s, approvedBy)
                    : Sentence.of("trace.story.approved.on", s, approvedBy, site.today(approved));
        }
        return s;
    }

    /** The instrument a requirement's code names (its calibration), if it names one. */
    static Optional<String> instrument(String code) {
        try {
            return new Requirement(QualificationCode.of(code), 1).instrument();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Sentence completion(Sentence s, JsonNode b, Optional<Qualification> q, SiteTime site) {
        String completed = text(b, "completedAt");
        Instant completedAt = instant(completed);
        if (completedAt == null) {
            return completed.isEmpty() ? s : Sentence.of("trace.story.completed", s, completed);
        }
        Instant expiresAt = instant(text(b, "expiresAt"));
        boolean sameRecord = q.isPresent()
                && q.get().completedAt().equals(completedAt)
                && java.util.Objects.equals(q.get().expiresAt(), expiresAt);
        SiteTime.RecordDates dates = site.dates(
                completedAt,
                sameRecord ? q.get().completedOriginal() : null,
                expiresAt,
                sameRecord ? q.get().expiresOriginal() : null);
        return expiresAt == null
                ? Sentence.of("trace.story.completed", s, dates.completedOn())
                : Sentence.of("trace.story.completed.valid", s, dates.completedOn(), validity(dates));
    }

    /** How long an HR record is valid, in its site's calendar (decision 0029), as a sentence. */
    static Sentence validity(SiteTime.RecordDates d) {
        if (d.expiresAt() == null || d.expiresOn() == null) {
            return Sentence.of("person.no-expiry");
        }
        ZoneId zone = d.zone();
        return d.expiresAtEndOfDay()
                ? Sentence.of("person.valid-through", d.expiresOn(), zone.getId())
                : Sentence.of("trace.valid-until-at-site", new Sentence.AtSite(d.expiresAt(), zone));
    }

    /** Sentences one after the other, joined by the list's words ("A, and B, and C"). */
    static Sentence join(List<Sentence> parts, String key) {
        Sentence joined = parts.getFirst();
        for (Sentence next : parts.subList(1, parts.size())) {
            joined = Sentence.of(key, joined, next);
        }
        return joined;
    }

    static @Nullable Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static String text(@Nullable JsonNode node, String field) {
        if (node == null || node.get(field) == null || node.get(field).isNull()) {
            return "";
        }
        return node.get(field).asString();
    }
}
