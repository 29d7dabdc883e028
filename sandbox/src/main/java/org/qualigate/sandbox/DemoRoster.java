package org.qualigate.sandbox;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The demo's line crews and its staffing story. Every line with a staffing minimum gets, per shift, two crews of
 * one more person than the minimum (a spare), working four days on and four off in turn; a scheduler puts people
 * on a crew who are qualified for the coming weeks. Then the story a plant manager would recognise: on PACK-3's
 * night shift, crew B, two operators' serialisation certificates expire in three and four days, so once their
 * grace week has passed the crew's shifts (the first within a fortnight) fall below the minimum of three.
 */
final class DemoRoster {

    /** The line, shift and crew whose two operators' certificates run out. */
    static final String STORY_LINE = "PACK-3";

    static final String STORY_SHIFT = "night";
    static final String STORY_CODE = "PACK-SERIAL";
    static final int DAYS_ON = 4;
    static final int DAYS_OFF = 4;
    /** Crews are drawn from people whose records stay valid at least this long. */
    private static final int QUALIFIED_FOR_DAYS = 45;

    /** The crews as roster entries, the HRIS records with the story's expiries, and who the story is about. */
    record Result(List<Scheduling.Rostered> crews, List<CertificationRecord> records, List<String> lapsing) {}

    private DemoRoster() {}

    static Result plan(
            DemoPlant plant,
            DemoWorkforce.Result workforce,
            List<DemoQmsRecords.Owned> qmsRecords,
            java.time.Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<String, List<CertificationRecord>> hris = new HashMap<>();
        workforce
                .records()
                .forEach(r -> hris.computeIfAbsent(r.employeeId(), k -> new ArrayList<>())
                        .add(r));
        Map<String, List<DemoQmsRecords.Owned>> qms = new HashMap<>();
        qmsRecords.forEach(
                r -> qms.computeIfAbsent(r.employeeId(), k -> new ArrayList<>()).add(r));
        LocalDate horizon = today.plusDays(QUALIFIED_FOR_DAYS);

        List<Scheduling.Rostered> crews = new ArrayList<>();
        List<String> lapsing = new ArrayList<>();
        // crew A works days -8..-5, 0..3, 8..11, …; crew B the blocks between
        LocalDate crewA = today.minusDays(2L * DAYS_ON);
        LocalDate crewB = today.minusDays(DAYS_ON);
        for (DemoPlant.Staffing staffing : plant.staffing()) {
            DemoPlant.Role role = plant.roles().stream()
                    .filter(r -> r.name().equals(staffing.role()))
                    .findFirst()
                    .orElseThrow();
            List<String> qualified = workforce.profiles().values().stream()
                    .filter(p -> staffing.role().equals(p.role()))
                    .filter(p -> holdsUntil(
                            role,
                            hris.getOrDefault(p.employeeId(), List.of()),
                            qms.getOrDefault(p.employeeId(), List.of()),
                            plant,
                            horizon))
                    .map(DemoWorkforce.Profile::employeeId)
                    .filter(id -> crews.stream().noneMatch(c -> c.employeeId().equals(id)))
                    .sorted()
                    .toList();
            String position = staffing.role().substring(staffing.role().lastIndexOf('.') + 1);
            int next = 0;
            for (String shift : staffing.shifts()) {
                for (LocalDate anchor : List.of(crewA, crewB)) {
                    List<String> crew = qualified.subList(
                            Math.min(next, qualified.size()),
                            Math.min(next + staffing.minimum() + 1, qualified.size()));
                    next += crew.size();
                    for (String employeeId : crew) {
                        crews.add(new Scheduling.Rostered(
                                employeeId,
                                staffing.site(),
                                shift,
                                staffing.line(),
                                position,
                                anchor,
                                null,
                                DAYS_ON,
                                DAYS_OFF));
                    }
                    if (staffing.line().equals(STORY_LINE)
                            && shift.equals(STORY_SHIFT)
                            && anchor.equals(crewB)
                            && position.equals("OPERATOR")
                            && crew.size() >= 2) {
                        lapsing.addAll(crew.subList(0, 2));
                    }
                }
            }
        }
        List<CertificationRecord> records = new ArrayList<>(workforce.records().size());
        for (CertificationRecord r : workforce.records()) {
            int story = lapsing.indexOf(r.employeeId());
            DemoPlant.Qualification q = plant.qualification(STORY_CODE).orElseThrow();
            if (story >= 0 && r.certificationId().equals(q.workday()) && q.validityMonths() != null) {
                LocalDate expires = today.plusDays(3L + story);
                records.add(new CertificationRecord(
                        r.sourceRecordId(),
                        r.employeeId(),
                        r.certificationId(),
                        r.certificationName(),
                        r.level(),
                        expires.minusMonths(q.validityMonths()),
                        expires.toString(),
                        r.approvedBy(),
                        r.approvedAt(),
                        r.version(),
                        false));
            } else {
                records.add(r);
            }
        }
        return new Result(List.copyOf(crews), List.copyOf(records), List.copyOf(lapsing));
    }

    /** Whether one of the role's sets is met by records that stay valid through {@code until}. */
    private static boolean holdsUntil(
            DemoPlant.Role role,
            List<CertificationRecord> hris,
            List<DemoQmsRecords.Owned> qms,
            DemoPlant plant,
            LocalDate until) {
        Map<String, Integer> valid = new LinkedHashMap<>();
        for (CertificationRecord r : hris) {
            if (!r.revoked() && validThrough(r.expiresOn(), until)) {
                plant.qualifications().stream()
                        .filter(q -> r.certificationId().equals(q.workday()))
                        .findFirst()
                        .ifPresent(q -> valid.merge(q.code(), r.level(), Math::max));
            }
        }
        for (DemoQmsRecords.Owned o : qms) {
            if (o.expires() == null || o.expires().isAfter(until)) {
                valid.merge(o.code(), 1, Math::max);
            }
        }
        return role.sets().stream()
                .anyMatch(set -> set.stream().allMatch(req -> valid.getOrDefault(req.code(), 0) >= req.minLevel()));
    }

    private static boolean validThrough(@Nullable String expiresOn, LocalDate until) {
        return expiresOn == null || LocalDate.parse(expiresOn.substring(0, 10)).isAfter(until);
    }
}
