package org.qualigate.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.InstrumentStates;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.ReportBasis;
import org.qualigate.access.SiteTime;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.SiteInstruments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The compliance of one site at an instant, as Qualigate knew it at another (by default the same): every active
 * person measured against what their job requires — the roles the training matrix names for their job title at
 * their site, or, for a job the matrix does not list, the roles they held (justified by the rules or held in a
 * target) — each required qualification with its state (valid, expiring within N days, in grace, expired,
 * missing), the roles the rules justified, and what a target held then without a basis then (an override or a
 * deferral is named as such). What the rules justified comes from the entitlement projection and what the targets
 * held from the assignment history, both read with range queries; the policy is evaluated only for a required
 * role that was not justified, to say what was missing. Each record's completion and expiry is stated as everywhere
 * (the instant, its calendar day at the site, the source's own text; decision 0029).
 */
@Component
public class ComplianceReport {

    /** The state of one required qualification, worst last. */
    public enum State {
        VALID("valid"),
        EXPIRING("expiring"),
        IN_GRACE("in grace"),
        EXPIRED("expired"),
        MISSING("missing");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the qualification counts as held (valid, expiring or in grace). */
        public boolean held() {
            return this == VALID || this == EXPIRING || this == IN_GRACE;
        }
    }

    /**
     * One required qualification of a person, the roles that require it, and what stands for it; {@code dates} are
     * the record's completion and expiry as stated everywhere (instant, calendar day at the site, the source's
     * text), absent when no record stands for it. In lines read for the API's JSON ({@link Use#JSON}), a requirement
     * the rules met has instead {@code printed}: its dates, evidence and authority as JSON text rendered by the
     * planner ({@link ReportBasis}), and no {@code dates}, {@code evidence} or {@code authority} of its own.
     */
    public record Requirement(
            String code,
            State state,
            @Nullable Instant expiresAt,
            @Nullable String evidence,
            @Nullable String authority,
            List<String> requiredBy,
            @Nullable String detail,
            SiteTime.@Nullable RecordDates dates,
            @Nullable Printed printed) {

        static Requirement printed(
                String code, State state, @Nullable Instant expiresAt, String requiredBy, String printed) {
            return printed(code, state, expiresAt, requiredBy, Printed.of(printed));
        }

        static Requirement printed(
                String code, State state, @Nullable Instant expiresAt, String requiredBy, Printed printed) {
            return new Requirement(code, state, expiresAt, null, null, List.of(requiredBy), null, null, printed);
        }
    }

    /**
     * JSON text of properties, without braces, as the planner rendered it: the UTF-8 bytes {@code [from, to)} of
     * {@code text}, as the database sent them, copied to the answer as they are; {@link #toString} is the text.
     */
    public record Printed(byte[] text, int from, int to) {

        static Printed of(String fields) {
            byte[] text = fields.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return new Printed(text, 0, text.length);
        }

        @Override
        public String toString() {
            return new String(text, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * What the lines are read for: the API's JSON, which copies what the planner rendered of each justified role's
     * basis, or values (pages, CSV, PDF, the dashboard), which state every record's dates.
     */
    public enum Use {
        JSON,
        VALUES
    }

    /** A role a target held without a basis; {@code kind} is override, deferral or none. */
    public record Unjustified(String target, String role, String kind) {}

    /**
     * What a person was measured against: the training matrix entry of their job, or the roles they held.
     *
     * @param kind {@code training-matrix} or {@code roles-held}
     * @param description the answer's English words ("training matrix BSL PACK-3: Packaging Operator")
     * @param site for the training matrix, the site whose entry it is
     * @param line for the training matrix, the entry's line (absent for a job of the whole site)
     * @param jobTitle the matrix entry's job title, or the title not in the matrix (absent or blank: none)
     */
    public record Basis(
            String kind,
            String description,
            @Nullable String site,
            @Nullable String line,
            @Nullable String jobTitle) {

        public static final String MATRIX = "training-matrix";
        public static final String ROLES_HELD = "roles-held";

        /** A basis known only by its words: a page says them as recorded. */
        public Basis(String kind, String description) {
            this(kind, description, null, null, null);
        }
    }

    /** One person's line of the report. */
    public record Line(
            String employeeId,
            String name,
            @Nullable String jobTitle,
            Basis measuredAgainst,
            List<String> rolesRequired,
            List<Requirement> qualifications,
            List<String> rolesJustified,
            List<Unjustified> accessWithoutBasis) {}

    /** The report. */
    public record Report(String site, Instant at, Instant knownAt, int expiringWithinDays, List<Line> people) {}

    private static final int CHUNK = 2000;
    private static final int IN_FLIGHT = 2;

    private final Persons persons;
    private final PlantDefinition plant;
    private final JdbcClient jdbc;
    private final ComplianceLines compute;
    private final InstrumentStates instruments;

    ComplianceReport(
            Qualifications qualifications,
            JdbcClient jdbc,
            Persons persons,
            PlantDefinition plant,
            EntitlementProjection projection,
            AssignmentHistory history,
            Overrides overrides,
            Deferrals deferrals,
            InstrumentStates instruments) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.plant = plant;
        this.instruments = instruments;
        this.compute = new ComplianceLines(projection, history, overrides, deferrals, qualifications);
    }

    /** The whole report in memory: for pages and small sites; the API streams {@link #lines} instead. */
    public Report of(String site, Instant at, Instant knownAt, int expiringWithinDays) {
        Lines lines = lines(site, at, knownAt, expiringWithinDays, Use.VALUES);
        List<Line> all = new ArrayList<>(lines.count());
        lines.forEach(all::add);
        return new Report(site, at, knownAt, expiringWithinDays, all);
    }

    /**
     * The report's lines, computed a chunk of people at a time in employee order as they are consumed, the next
     * chunk read while the current one is worked out: a site of 100,000 people is neither 100,000 round trips nor
     * the whole answer in memory. The people too are read a chunk at a time (by keyset, in the order of the pages),
     * so the first chunk is worked out without waiting for the whole site to be read.
     */
    public Lines lines(String site, Instant at, Instant knownAt, int expiringWithinDays, Use use) {
        int count = persons.countAtSite(site, Person.Status.ACTIVE);
        People people = new People() {
            private @Nullable String after;
            private boolean last;

            @Override
            public List<Persons.Listed> next() {
                if (last) {
                    return List.of();
                }
                List<Persons.Listed> chunk = persons.listedAtSite(site, Person.Status.ACTIVE, after, CHUNK);
                last = chunk.size() < CHUNK;
                after = chunk.isEmpty() ? after : chunk.getLast().employeeId().value();
                return chunk;
            }
        };
        return lines(people, count, null, context(site, at, knownAt, expiringWithinDays, use));
    }

    /**
     * One page of the report: at most {@code limit} people after the employee ID {@code after} (none: from the
     * first), in the order of the whole report, with the number of people the whole report measures and the cursor
     * of the next page (absent on the last). The pages of a report, read one after another, are the whole report
     * line for line.
     */
    public Lines page(
            String site,
            Instant at,
            Instant knownAt,
            int expiringWithinDays,
            @Nullable String after,
            int limit,
            Use use) {
        List<Persons.Listed> more = persons.listedAtSite(site, Person.Status.ACTIVE, after, limit + 1);
        List<Persons.Listed> page = more.subList(0, Math.min(limit, more.size()));
        String next = more.size() > limit ? page.getLast().employeeId().value() : null;
        int count = persons.countAtSite(site, Person.Status.ACTIVE);
        return lines(inChunks(page), count, next, context(site, at, knownAt, expiringWithinDays, use));
    }

    /**
     * The page of the report that starts with its {@code offset}-th person (from 0), for a screen that numbers its
     * pages: the cursor is the employee ID before it, read from the site's IDs alone.
     */
    public Lines pageAt(String site, Instant at, Instant knownAt, int expiringWithinDays, int offset, int limit) {
        String after = null;
        if (offset > 0) {
            List<String> ids = persons.idsAtSite(site, Person.Status.ACTIVE);
            // past the end: the last page
            int from = offset < ids.size() ? offset : Math.max(0, (ids.size() - 1) / limit * limit);
            after = from == 0 ? null : ids.get(from - 1);
        }
        return page(site, at, knownAt, expiringWithinDays, after, limit, Use.VALUES);
    }

    private Context context(String site, Instant at, Instant knownAt, int expiringWithinDays, Use use) {
        Instant soon = at.plus(Duration.ofDays(expiringWithinDays));
        Plant rulesThen = plant.inForceAt(jdbc, knownAt);
        return new Context(
                site,
                at,
                knownAt,
                soon,
                rulesThen,
                SiteTime.of(plant.current(), site),
                instruments.knownAt(rulesThen, site, knownAt),
                use);
    }

    private Lines lines(People people, int count, @Nullable String next, Context context) {
        return new Lines(count, next, new Chunks() {
            @Override
            public <T> void run(Function<List<Line>, T> work, Consumer<T> sink) {
                try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                    ArrayDeque<Future<T>> ahead = new ArrayDeque<>();
                    List<Persons.Listed> chunk = people.next();
                    while (true) {
                        while (!chunk.isEmpty() && ahead.size() < IN_FLIGHT) {
                            List<Persons.Listed> these = chunk;
                            ahead.add(workers.submit(() -> work.apply(compute.lines(these, context))));
                            chunk = people.next();
                        }
                        if (ahead.isEmpty()) {
                            return;
                        }
                        sink.accept(get(ahead.poll()));
                    }
                }
            }
        });
    }

    /** The people of a report, a chunk at a time in employee order; an empty chunk when there are no more. */
    private interface People {
        List<Persons.Listed> next();
    }

    /** The chunks of people of a list. */
    private static People inChunks(List<Persons.Listed> all) {
        return new People() {
            private int from;

            @Override
            public List<Persons.Listed> next() {
                List<Persons.Listed> chunk =
                        all.subList(Math.min(from, all.size()), Math.min(from + CHUNK, all.size()));
                from += CHUNK;
                return chunk;
            }
        };
    }

    /** Works out the lines a chunk at a time, each chunk also put to {@code work} where it was worked out. */
    interface Chunks {
        <T> void run(Function<List<Line>, T> work, Consumer<T> sink);
    }

    /**
     * The lines of one report or page: how many people the whole report measures, the cursor of the next page
     * (absent for the whole report and its last page), and each line in employee order, computed as consumed.
     */
    public static final class Lines {
        private final int count;
        private final @Nullable String next;
        private final Chunks chunks;

        Lines(int count, @Nullable String next, Chunks chunks) {
            this.count = count;
            this.next = next;
            this.chunks = chunks;
        }

        public int count() {
            return count;
        }

        public @Nullable String next() {
            return next;
        }

        public void forEach(Consumer<Line> sink) {
            chunks.run(chunk -> chunk, chunk -> chunk.forEach(sink));
        }

        /**
         * Each chunk of lines in employee order, first put to {@code work} on the thread that worked the chunk out
         * (while the next chunks are worked out on others), then what it gave to {@code sink} on the caller's.
         */
        public <T> void forEachChunk(Function<List<Line>, T> work, Consumer<T> sink) {
            chunks.run(work, sink);
        }
    }

    /** What one report or page is worked out for: the site, the instants, the rules then, and what it is read for. */
    /**
     * What every line of one report is worked out with: the site, the instants, the rules in force as known then, and
     * the site's instruments' agreed calibration as known then (decision 0083: a required role that was not justified
     * is explained with them, so a calibrated instrument is not reported missing).
     */
    record Context(
            String site,
            Instant at,
            Instant knownAt,
            Instant soon,
            Plant rules,
            SiteTime siteTime,
            SiteInstruments instruments,
            Use use) {}

    private static <T> T get(Future<T> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("compliance report interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
