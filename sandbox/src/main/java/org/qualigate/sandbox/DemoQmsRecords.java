package org.qualigate.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.qms.QmsSimulator;

/**
 * Seeds the simulated QMS for the demo workforce: a user profile per worker, and the training records the
 * QMS itself owns (entered by hand or by TrackWise: media fills, safety briefings, SOP read-and-understood)
 * for every worker whose role calls for them. The HRIS-owned records are not seeded: the sync writes them.
 */
final class DemoQmsRecords {

    /** Share of QMS-owned qualifications a worker lacks, as for HRIS records. */
    private static final double MISSING = 0.02;

    private DemoQmsRecords() {}

    /** A QMS-owned training record the demo QMS holds; {@code expires} is null when it never expires. */
    record Owned(
            String employeeId,
            String code,
            String course,
            LocalDate completed,
            @Nullable LocalDate expires,
            String dataSource,
            Instant modified) {}

    /** Seeds the QMS with a user per worker and the planned QMS-owned records. */
    static void seed(QmsSimulator qms, DemoWorkforce.Result workforce, List<Owned> records) {
        for (Worker w : workforce.workers()) {
            qms.addUser(w.employeeId(), w.email());
        }
        for (Owned o : records) {
            qms.addOwnedRecord(o.employeeId(), o.course(), o.completed(), o.expires(), o.dataSource(), o.modified());
        }
    }

    /** The QMS-owned records of the demo workforce, the same for the same seed and day. */
    static List<Owned> plan(DemoPlant plant, DemoWorkforce.Result workforce, long seed, Instant now) {
        Random random = new Random(seed ^ 0x0A5_2026L);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Owned> planned = new ArrayList<>();
        for (DemoWorkforce.Profile profile : workforce.profiles().values()) {
            if (profile.role() == null) {
                continue;
            }
            Set<String> owned = new LinkedHashSet<>();
            plant.roles().stream()
                    .filter(r -> r.name().equals(profile.role()))
                    .flatMap(r -> r.sets().stream())
                    .flatMap(java.util.List::stream)
                    .forEach(req -> plant.qualification(req.code())
                            .filter(q -> q.owner().equals("QMS") && q.qms() != null)
                            .ifPresent(q -> owned.add(q.code())));
            for (String code : owned) {
                if (random.nextDouble() < MISSING) {
                    continue;
                }
                DemoPlant.Qualification q = plant.qualification(code).orElseThrow();
                LocalDate completed;
                LocalDate expires = null;
                if (q.validityMonths() == null) {
                    completed = today.minusDays(1 + random.nextInt(300));
                } else {
                    // spread over the validity, with a few already expired and a few expiring within a month
                    double r = random.nextDouble();
                    expires = r < plant.expiringWithin30Days()
                            ? today.plusDays(random.nextInt(30))
                            : r < plant.expiringWithin30Days() + 0.04
                                    ? today.minusDays(1 + random.nextInt(120))
                                    : today.plusDays(31 + random.nextInt(Math.max(1, q.validityMonths() * 30 - 33)));
                    completed = expires.minusMonths(q.validityMonths());
                }
                Instant modified = completed
                        .atTime(9 + random.nextInt(8), random.nextInt(60))
                        .toInstant(ZoneOffset.UTC);
                if (modified.isAfter(now)) {
                    modified = now.minusSeconds(3_600);
                }
                planned.add(new Owned(
                        profile.employeeId(),
                        q.code(),
                        q.qms(),
                        completed,
                        expires,
                        random.nextBoolean() ? "MANUAL" : "TRACKWISE",
                        modified));
            }
        }
        return planned;
    }
}
