package org.qualigate.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.EntitlementSpan;
import org.qualigate.policy.SiteInstruments;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The projection's rows as the policy gives them: the spans of {@link AccessPolicy#timeline} on a person's
 * qualifications under some rules, each with its basis as JSON and what the compliance report prints of it
 * ({@link ReportBasis}), and a person's whole history of them from the ledger's versions and the rules' versions.
 */
final class EntitlementRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final PlantDefinition plant;
    private final InstrumentStates instruments;
    private final AccessPolicy policy = new AccessPolicy();

    EntitlementRows(JdbcClient jdbc, PlantDefinition plant, InstrumentStates instruments) {
        this.jdbc = jdbc;
        this.plant = plant;
        this.instruments = instruments;
    }

    /** A row without its knowledge interval: what the rules justified, on which basis, under which rules. */
    record Row(
            String role,
            Instant validFrom,
            @Nullable Instant validTo,
            String rulesVersion,
            int set,
            boolean inGrace,
            String basis,
            String reportView) {}

    /** A row with the stretch of knowledge under which it was the answer. */
    record Known(
            String site,
            Row row,
            Instant knownFrom,
            @Nullable Instant knownTo) {}

    /**
     * The person's rows as the ledger's history gives them: at each instant a version was recorded, rules were put
     * in force or an instrument's agreed calibration changed at the person's site, the timeline on what was known
     * then under the rules in force then; a row is known from the first such instant at which it is the answer until
     * the first at which it is not.
     */
    List<Known> history(Person person, List<Qualification> versions, List<RulesAt> rules, InstrumentHistory site) {
        if (versions.isEmpty()) {
            return List.of();
        }
        java.util.TreeSet<Instant> instants = new java.util.TreeSet<>();
        versions.forEach(v -> instants.add(v.recordedAt()));
        Instant first = instants.first();
        rules.stream().map(RulesAt::loadedAt).filter(at -> at.isAfter(first)).forEach(instants::add);
        site.changes().stream().filter(at -> at.isAfter(first)).forEach(instants::add);
        List<Known> out = new ArrayList<>();
        Map<Row, Instant> open = new LinkedHashMap<>();
        Map<String, Rendered> written = new HashMap<>();
        for (Instant k : instants) {
            List<Qualification> known = Qualifications.knownAt(versions, k);
            Set<Row> wanted =
                    new LinkedHashSet<>(rows(rulesAt(rules, k), person.site(), known, site.knownAt(k), written));
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.contains(e.getKey())) {
                    out.add(new Known(person.site(), e.getKey(), e.getValue(), k));
                    it.remove();
                }
            }
            for (Row r : wanted) {
                open.putIfAbsent(r, k);
            }
        }
        open.forEach((r, k) -> out.add(new Known(person.site(), r, k, null)));
        return out;
    }

    /**
     * Every agreed calibration state of the instruments some version of the rules names at the site, with when each
     * was known (decision 0077): the others' cannot change an answer.
     */
    InstrumentHistory instrumentsAt(String site, List<RulesAt> rules) {
        Plant current = plant.current();
        Set<String> named = new java.util.TreeSet<>(current.rules().instrumentsAt(site));
        rules.forEach(r -> named.addAll(r.plant().rules().instrumentsAt(site)));
        return instruments.historyAt(current, site).only(named);
    }

    /** A rules version and when it was put in force. */
    record RulesAt(Instant loadedAt, Plant plant) {}

    List<RulesAt> rulesHistory() {
        record Loaded(Instant at, String version, String content) {}
        List<Loaded> loaded = jdbc.sql(
                        "SELECT loaded_at, version, content FROM rules_version WHERE content IS NOT NULL "
                                + "ORDER BY seq")
                .query((rs, n) -> new Loaded(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)))
                .list();
        Map<String, Plant> parsed = new HashMap<>();
        Plant current = plant.current();
        List<RulesAt> out = new ArrayList<>();
        for (Loaded l : loaded) {
            Plant p = l.version().equals(current.version())
                    ? current
                    : parsed.computeIfAbsent(
                            l.version(), v -> PlantDefinition.parse(l.content(), "rules_version " + v));
            out.add(new RulesAt(l.at(), p));
        }
        return out;
    }

    /**
     * As {@link PlantDefinition#inForceAt}: of the versions put in force at or before the instant, the last put in
     * force (the history is in that order), else the current.
     */
    private Plant rulesAt(List<RulesAt> rules, Instant at) {
        Plant found = null;
        for (RulesAt r : rules) {
            if (!r.loadedAt().isAfter(at)) {
                found = r.plant();
            }
        }
        return found != null ? found : plant.current();
    }

    // ------------------------------------------------------------------------------------------------------

    /**
     * The rows of the timeline the rules give on these qualifications at the site, with the instruments' agreed
     * calibration as it stands.
     */
    List<Row> rows(Plant rules, String site, List<Qualification> quals) {
        return rows(rules, site, quals, instruments.atSite(rules, site), new HashMap<>());
    }

    /**
     * {@link #rows}, with the basis JSON of a span written once per distinct basis: a rebuild works out the same
     * spans at every knowledge instant of a person.
     */
    private List<Row> rows(
            Plant rules, String site, List<Qualification> quals, SiteInstruments in, Map<String, Rendered> written) {
        if (quals.isEmpty()) {
            return List.of();
        }
        return rows(
                rules,
                site,
                quals,
                policy.timelineOf(
                                rules.rules(),
                                site,
                                quals.stream().map(Qualification::held).toList(),
                                in.only(rules.rules().instrumentsAt(site)))
                        .spans(),
                written);
    }

    /** {@link #rows}, from the timeline the policy gave on these qualifications under these rules at the site. */
    List<Row> rows(Plant rules, String site, List<Qualification> quals, List<EntitlementSpan> timeline) {
        return rows(rules, site, quals, timeline, new HashMap<>());
    }

    private List<Row> rows(
            Plant rules,
            String site,
            List<Qualification> quals,
            List<EntitlementSpan> timeline,
            Map<String, Rendered> written) {
        if (timeline.isEmpty()) {
            return List.of();
        }
        Map<String, Qualification> byEvidence = new HashMap<>();
        quals.forEach(q -> byEvidence.put(q.evidence().evidenceId(), q));
        List<Row> rows = new ArrayList<>();
        java.time.ZoneId zone = SiteTime.of(rules, site).zone();
        for (EntitlementSpan span : timeline) {
            // the JSON is a function of the requirements and of each record's version (and authority)
            StringBuilder key = new StringBuilder(rules.version())
                    .append('|')
                    .append(span.role())
                    .append('|');
            key.append(span.set());
            for (EntitlementSpan.Basis b : span.basis()) {
                Qualification q = byEvidence.get(b.evidence().evidenceId());
                key.append('|')
                        .append(b.requirement())
                        .append('=')
                        .append(b.evidence().evidenceId())
                        .append('@')
                        .append(q == null ? -1 : q.sourceVersion())
                        .append(q == null ? "" : q.authority().name())
                        .append(b.inGrace() ? "g" : "");
            }
            Rendered rendered = written.computeIfAbsent(
                    key.toString(),
                    k -> new Rendered(basis(span, byEvidence), ReportBasis.render(printed(span, byEvidence), zone)));
            rows.add(new Row(
                    span.role().value(),
                    span.from(),
                    span.until(),
                    rules.version(),
                    span.set(),
                    span.inGrace(),
                    rendered.basis(),
                    rendered.reportView()));
        }
        return rows;
    }

    /** A span's basis as JSON, and what the compliance report prints of it. */
    private record Rendered(String basis, String reportView) {}

    private static List<ReportBasis.Printed> printed(EntitlementSpan span, Map<String, Qualification> byEvidence) {
        List<ReportBasis.Printed> out = new ArrayList<>();
        for (EntitlementSpan.Basis b : span.basis()) {
            if (b.requirement().instrument().isPresent()) {
                out.add(ReportBasis.Printed.instrument(
                        b.requirement().code().value(),
                        b.requirement().instrument().get(),
                        b.evidence().expiresAt(),
                        b.evidence().evidenceId()));
                continue;
            }
            Qualification q = Objects.requireNonNull(byEvidence.get(b.evidence().evidenceId()));
            out.add(new ReportBasis.Printed(
                    b.requirement().code().value(),
                    b.inGrace(),
                    b.evidence().completedAt(),
                    q.completedOriginal(),
                    b.evidence().expiresAt(),
                    q.expiresOriginal(),
                    b.evidence().evidenceId(),
                    q.authority().name()));
        }
        return out;
    }

    private static String basis(EntitlementSpan span, Map<String, Qualification> byEvidence) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EntitlementSpan.Basis b : span.basis()) {
            if (b.requirement().instrument().isPresent()) {
                out.add(instrument(b));
                continue;
            }
            Qualification q = Objects.requireNonNull(byEvidence.get(b.evidence().evidenceId()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", b.requirement().code().value());
            m.put("minimumLevel", b.requirement().minimumLevel());
            m.put("evidence", b.evidence().evidenceId());
            m.put("sourceRecordId", q.evidence().sourceRecordId());
            m.put("sourceVersion", q.sourceVersion());
            EvidenceFields.held(m, b.evidence());
            m.put("completedOriginal", q.completedOriginal());
            m.put("expiresOriginal", q.expiresOriginal());
            m.put("inGrace", b.inGrace());
            m.put("authority", q.authority().name());
            EvidenceFields.approval(m, q);
            out.add(m);
        }
        return JSON.writeValueAsString(out);
    }

    /**
     * An instrument's calibration as a requirement of the basis (decision 0077): no person's record, but the agreed
     * state the policy was given — its words ("calibrated until 2027-01-31"), the end of its due day,
     * and since when it was agreed in place of a completion.
     */
    // a map on purpose: the stored basis is written with EvidenceFields, as an assignment's hashed audit value is
    private static Map<String, Object> instrument(EntitlementSpan.Basis b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", b.requirement().code().value());
        m.put("minimumLevel", b.requirement().minimumLevel());
        m.put("instrument", b.requirement().instrument().orElseThrow());
        m.put("evidence", b.evidence().evidenceId());
        m.put("completedAt", b.evidence().completedAt().toString());
        m.put(
                "expiresAt",
                b.evidence().expiresAt() == null
                        ? null
                        : b.evidence().expiresAt().toString());
        m.put("inGrace", b.inGrace());
        m.put("authority", ReportBasis.Printed.CALIBRATION);
        return m;
    }
}
