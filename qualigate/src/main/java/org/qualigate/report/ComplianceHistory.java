package org.qualigate.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Compliance of a site per day: the share of required qualifications held (valid, expiring or in grace) at the
 * start of each UTC day, as Qualigate knew it then, each person measured against what their job requires (the
 * training matrix, or the roles they held). A past day never changes, so each is computed once
 * and kept; only today's point is recomputed, at most every ten minutes.
 */
@Component
public class ComplianceHistory {

    private static final Duration FRESH = Duration.ofMinutes(10);

    private final ComplianceReport report;
    private final Clock clock;
    private final Map<String, Point> days = new ConcurrentHashMap<>();
    private final Map<String, Point> today = new ConcurrentHashMap<>();

    ComplianceHistory(ComplianceReport report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    /**
     * One point of the chart: the instant, the percentage held, how many requirements it counts, and how many
     * people were measured against their job's training matrix and how many against the roles they held.
     */
    public record Point(Instant at, double percent, int required, int byMatrix, int byRolesHeld) {}

    /** The last {@code days} day starts and now, oldest first. */
    public List<Point> of(String site, int days) {
        Instant now = clock.instant();
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        List<Point> points = new ArrayList<>();
        for (int i = days - 1; i >= 0; i--) {
            Instant at = day.minusDays(i).atStartOfDay(ZoneOffset.UTC).toInstant();
            points.add(this.days.computeIfAbsent(site + "@" + at, k -> point(site, at)));
        }
        Point current = today.get(site);
        if (current == null
                || current.at().isBefore(now.minus(FRESH))
                || current.at().isAfter(now)) {
            current = point(site, now);
            today.put(site, current);
        }
        points.add(current);
        return points;
    }

    private Point point(String site, Instant at) {
        int required = 0;
        int held = 0;
        int byMatrix = 0;
        int byRoles = 0;
        for (ComplianceReport.Line line : report.of(site, at, at, 30).people()) {
            if (line.measuredAgainst().kind().equals(ComplianceReport.Basis.MATRIX)) {
                byMatrix++;
            } else {
                byRoles++;
            }
            for (ComplianceReport.Requirement r : line.qualifications()) {
                required++;
                if (r.state().held()) {
                    held++;
                }
            }
        }
        return new Point(at, required == 0 ? 100.0 : 100.0 * held / required, required, byMatrix, byRoles);
    }
}
