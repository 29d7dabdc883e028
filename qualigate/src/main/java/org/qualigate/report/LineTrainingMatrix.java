package org.qualigate.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.Requirement;
import org.qualigate.policy.RequirementSet;
import org.springframework.stereotype.Component;

/**
 * The training matrix of one line: its people (everyone at the site who holds or is justified for one of the line's
 * roles, or holds a record of a qualification only the line's roles need) × the qualifications the line's roles
 * ask for, each cell in the compliance report's states. Computed from the compliance report of the site, so the
 * matrix and the report never disagree.
 */
@Component
public class LineTrainingMatrix {

    /** One column: a qualification the line's roles need, and whether only this line's roles need it. */
    public record Column(String code, String name, boolean lineSpecific) {}

    /** One cell: the state of that qualification for that person, with its expiry as the HR calendar date. */
    public record Cell(String code, ComplianceReport.State state, ComplianceReport.@Nullable Requirement requirement) {}

    /** One row: a person, the line's roles the rules justify for them now, and a cell per column. */
    public record Row(String employeeId, String name, List<String> roles, List<Cell> cells) {}

    /** The matrix, with how many cells are in each state. */
    public record Matrix(
            String site,
            Site.Line line,
            List<String> roles,
            Instant at,
            int expiringWithinDays,
            List<Column> columns,
            List<Row> rows,
            Map<ComplianceReport.State, Integer> counts) {}

    private final ComplianceReport compliance;
    private final PlantDefinition plant;
    private final Clock clock;

    LineTrainingMatrix(ComplianceReport compliance, PlantDefinition plant, Clock clock) {
        this.compliance = compliance;
        this.plant = plant;
        this.clock = clock;
    }

    /** The matrix of the line now; empty when the site has no such line. */
    public Optional<Matrix> of(String siteCode, String lineCode, int expiringWithinDays) {
        Plant p = plant.current();
        Optional<Site> site = p.site(siteCode);
        if (site.isEmpty() || !site.get().lines().contains(lineCode)) {
            return Optional.empty();
        }
        Site.Line line = site.get().line(lineCode).orElse(new Site.Line(lineCode, lineCode, null));
        List<AccessRule> siteRules = p.rules().forSite(siteCode);
        List<String> roles = new ArrayList<>();
        Map<QualificationCode, Requirement> needed = new LinkedHashMap<>();
        for (AccessRule rule : siteRules) {
            if (lineCode.equals(rule.line())) {
                roles.add(rule.roleAt(siteCode).value());
                rule.anyOf().forEach(set -> set.allOf().forEach(r -> needed.putIfAbsent(r.code(), r)));
            }
        }
        List<Column> columns = new ArrayList<>();
        for (Requirement r : needed.values()) {
            QualificationCode code = r.code();
            boolean everyRule = siteRules.stream().allMatch(rule -> needs(rule, code));
            // an instrument is named as a rule names it, not by the code the policy keeps it under
            String name = r.instrument()
                    .map(asset -> "equipment " + asset)
                    .orElseGet(() -> p.dictionary().names().getOrDefault(code, code.value()));
            columns.add(new Column(code.value(), name, !everyRule));
        }
        Instant now = clock.instant();
        ComplianceReport.Report report = compliance.of(siteCode, now, now, expiringWithinDays);
        List<Row> rows = new ArrayList<>();
        Map<ComplianceReport.State, Integer> counts = new EnumMap<>(ComplianceReport.State.class);
        for (ComplianceReport.Line person : report.people()) {
            List<String> held =
                    person.rolesJustified().stream().filter(roles::contains).toList();
            boolean holdsInTarget = person.accessWithoutBasis().stream().anyMatch(u -> roles.contains(u.role()));
            boolean specificRecord = person.qualifications().stream()
                    .anyMatch(q -> q.state() != ComplianceReport.State.MISSING
                            && columns.stream()
                                    .anyMatch(c -> c.lineSpecific() && c.code().equals(q.code())));
            if (held.isEmpty() && !holdsInTarget && !specificRecord) {
                continue;
            }
            List<Cell> cells = new ArrayList<>();
            for (Column column : columns) {
                ComplianceReport.Requirement r = person.qualifications().stream()
                        .filter(q -> q.code().equals(column.code()))
                        .findFirst()
                        .orElse(null);
                ComplianceReport.State state = r == null ? ComplianceReport.State.MISSING : r.state();
                cells.add(new Cell(column.code(), state, r));
                counts.merge(state, 1, Integer::sum);
            }
            rows.add(new Row(person.employeeId(), person.name(), held, cells));
        }
        return Optional.of(new Matrix(siteCode, line, roles, now, expiringWithinDays, columns, rows, counts));
    }

    private static boolean needs(AccessRule rule, QualificationCode code) {
        for (RequirementSet set : rule.anyOf()) {
            if (set.allOf().stream().anyMatch(r -> r.code().equals(code))) {
                return true;
            }
        }
        return false;
    }
}
