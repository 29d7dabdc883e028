package org.qualigate.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated MES scheduling API, in the spirit of a FactoryTalk-style production centre: each site's shift
 * schedule, which shift each person works on which line and days (the roster, read a date range at a time), and
 * the work orders they hold. Served under {@code /factorytalk/v1} with the sandbox's bearer token. A roster entry
 * is a pattern: a line crew works a number of days on and off; a plain shift assignment means every day.
 */
public final class Scheduling {

    private final JsonMapper json;
    private final Clock clock;
    private final byte[] expectedAuthorization;
    private final Map<String, DemoPlant.Site> sites = new LinkedHashMap<>();
    private final Map<String, Rostered> roster = new LinkedHashMap<>();
    private final Map<String, WorkOrder> workOrders = new LinkedHashMap<>();

    /**
     * A person's place in the roster: the site and the shift they work, on which line (work centre) and in which
     * position (both unknown for a plain shift assignment), and on which days: from {@code from} (every day when
     * null) through {@code until} (open when null), {@code daysOn} days at work then {@code daysOff} days off,
     * repeating (no days off: every day).
     */
    public record Rostered(
            String employeeId,
            String site,
            String shift,
            @Nullable String workCenter,
            @Nullable String position,
            @Nullable LocalDate from,
            @Nullable LocalDate until,
            int daysOn,
            int daysOff) {

        public Rostered {
            if (daysOn < 1 || daysOff < 0) {
                throw new IllegalArgumentException(
                        "a roster pattern needs at least one day on and no negative days off");
            }
        }

        Rostered(String employeeId, String site, String shift) {
            this(employeeId, site, shift, null, null, null, null, 1, 0);
        }

        /** Whether the person works their shift that started on {@code day}. */
        public boolean worksOn(LocalDate day) {
            if (from != null && day.isBefore(from) || until != null && day.isAfter(until)) {
                return false;
            }
            if (daysOff == 0 || from == null) {
                return true;
            }
            long offset = day.toEpochDay() - from.toEpochDay();
            return Math.floorMod(offset, daysOn + daysOff) < daysOn;
        }
    }

    /** One published shift of one person in the roster: the day it starts, its instants, line and position. */
    public record ScheduledShift(
            String employeeId,
            String site,
            String shift,
            LocalDate date,
            Instant start,
            Instant end,
            @Nullable String workCenter,
            @Nullable String position) {

        /** A stable id, as a scheduling system gives each scheduled shift. */
        public String scheduleId() {
            return site + "-" + date.toString().replace("-", "") + "-" + shift + "-" + employeeId;
        }
    }

    /** The longest date range one roster request may ask for. */
    static final int MAX_ROSTER_DAYS = 92;

    static final int DEFAULT_PAGE_SIZE = 500;

    /** A work order a person holds; {@code expectedClose} may be unknown. */
    public record WorkOrder(
            String id,
            String employeeId,
            String line,
            Instant opened,
            @Nullable Instant expectedClose,
            @Nullable Instant closed) {

        boolean active() {
            return closed == null;
        }
    }

    /** One shift occurrence: its name and site, and the instants it starts and ends. */
    public record ShiftOccurrence(String site, String name, ZoneId zone, Instant start, Instant end) {}

    Scheduling(JsonMapper json, DemoPlant plant, Clock clock, String bearerToken) {
        this.json = json;
        this.clock = clock;
        this.expectedAuthorization = ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
        plant.sites().forEach(s -> sites.put(s.code(), s));
    }

    /** Puts the person on the named shift of the site, every day, until changed. */
    public synchronized void assignShift(String employeeId, String site, String shiftName) {
        DemoPlant.Site s = site(site);
        if (s.shifts().stream().noneMatch(sh -> sh.name().equals(shiftName))) {
            throw new IllegalArgumentException("site " + site + " has no shift " + shiftName);
        }
        roster.put(employeeId, new Rostered(employeeId, site, shiftName));
    }

    /**
     * Rosters the person on a line (work centre) in a position, on the named shift of the site, {@code daysOn} days
     * at work then {@code daysOff} off from {@code from} on (through {@code until} when given); replaces their
     * earlier place in the roster.
     */
    public synchronized void roster(
            String employeeId,
            String site,
            String workCenter,
            String position,
            String shiftName,
            LocalDate from,
            @Nullable LocalDate until,
            int daysOn,
            int daysOff) {
        DemoPlant.Site s = site(site);
        if (s.shifts().stream().noneMatch(sh -> sh.name().equals(shiftName))) {
            throw new IllegalArgumentException("site " + site + " has no shift " + shiftName);
        }
        if (!s.lines().contains(workCenter)) {
            throw new IllegalArgumentException("site " + site + " has no line " + workCenter);
        }
        roster.put(
                employeeId,
                new Rostered(employeeId, site, shiftName, workCenter, position, from, until, daysOn, daysOff));
    }

    /** The shifts the roster holds for the site that start on a day from {@code from} through {@code to}. */
    public synchronized List<ScheduledShift> scheduled(
            String siteCode, LocalDate from, LocalDate to, @Nullable String workCenter) {
        DemoPlant.Site site = site(siteCode);
        ZoneId zone = ZoneId.of(site.zone());
        List<ScheduledShift> out = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            for (DemoPlant.Shift shift : site.shifts()) {
                for (Rostered r : roster.values()) {
                    if (!r.site().equals(siteCode)
                            || !r.shift().equals(shift.name())
                            || workCenter != null && !workCenter.equals(r.workCenter())
                            || !r.worksOn(day)) {
                        continue;
                    }
                    ShiftOccurrence o = occurrence(siteCode, zone, shift, day);
                    out.add(new ScheduledShift(
                            r.employeeId(),
                            siteCode,
                            shift.name(),
                            day,
                            o.start(),
                            o.end(),
                            r.workCenter(),
                            r.position()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(ScheduledShift::start)
                .thenComparing(x -> x.workCenter() == null ? "" : x.workCenter())
                .thenComparing(ScheduledShift::employeeId));
        return out;
    }

    /** Takes the person off the roster. */
    public synchronized void unassignShift(String employeeId) {
        roster.remove(employeeId);
    }

    /** Opens a work order held by the person, now; {@code expectedClose} may be null (unknown). */
    public synchronized void openWorkOrder(String employeeId, String id, String line, @Nullable Instant expectedClose) {
        workOrders.put(id, new WorkOrder(id, employeeId, line, clock.instant(), expectedClose, null));
    }

    /** Closes the work order (it no longer protects its holder). */
    public synchronized void closeWorkOrder(String id) {
        WorkOrder wo = workOrders.get(id);
        if (wo == null) {
            throw new IllegalArgumentException("no work order " + id);
        }
        workOrders.put(
                id,
                new WorkOrder(wo.id(), wo.employeeId(), wo.line(), wo.opened(), wo.expectedClose(), clock.instant()));
    }

    public synchronized Optional<Rostered> rostered(String employeeId) {
        return Optional.ofNullable(roster.get(employeeId));
    }

    /** The shift in progress for the person at the instant, if they are rostered and on shift then. */
    public synchronized Optional<ShiftOccurrence> shiftAt(String employeeId, Instant at) {
        Rostered r = roster.get(employeeId);
        if (r == null) {
            return Optional.empty();
        }
        DemoPlant.Site site = site(r.site());
        ZoneId zone = ZoneId.of(site.zone());
        DemoPlant.Shift shift = site.shifts().stream()
                .filter(s -> s.name().equals(r.shift()))
                .findFirst()
                .orElseThrow();
        LocalDate today = at.atZone(zone).toLocalDate();
        // The shift that started yesterday may still run (overnight), or today's may have started.
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            if (!r.worksOn(day)) {
                continue;
            }
            ShiftOccurrence o = occurrence(site.code(), zone, shift, day);
            if (!at.isBefore(o.start()) && at.isBefore(o.end())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    public synchronized List<WorkOrder> activeWorkOrders(String employeeId) {
        return workOrders.values().stream()
                .filter(w -> w.employeeId().equals(employeeId) && w.active())
                .toList();
    }

    static ShiftOccurrence occurrence(String site, ZoneId zone, DemoPlant.Shift shift, LocalDate day) {
        // ZonedDateTime.of moves a local time that falls in a DST gap forward, as a plant clock would.
        Instant start = ZonedDateTime.of(day, shift.start(), zone).toInstant();
        LocalDate endDay = shift.end().isAfter(shift.start()) ? day : day.plusDays(1);
        Instant end = ZonedDateTime.of(endDay, shift.end(), zone).toInstant();
        return new ShiftOccurrence(site, shift.name(), zone, start, end);
    }

    /**
     * Rosters each demo worker: the line crews of {@link DemoRoster} on their line, shift and days; everyone else on
     * one of their site's shifts every day, the same for the same seed.
     */
    synchronized void rosterDemo(List<Worker> workers, List<Rostered> crews, long seed) {
        crews.forEach(c -> roster.put(c.employeeId(), c));
        for (Worker w : workers) {
            if (roster.containsKey(w.employeeId())) {
                continue;
            }
            DemoPlant.Site site = sites.get(w.site());
            if (site == null || site.shifts().isEmpty()) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(seed ^ w.employeeId().hashCode());
            DemoPlant.Shift shift =
                    site.shifts().get(random.nextInt(site.shifts().size()));
            roster.put(w.employeeId(), new Rostered(w.employeeId(), site.code(), shift.name()));
        }
    }

    private DemoPlant.Site site(String code) {
        DemoPlant.Site s = sites.get(code);
        if (s == null) {
            throw new IllegalArgumentException("no site " + code);
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP

    /** Answers a request whose path is relative to {@code /factorytalk/v1}. */
    HttpReply handle(HttpCall call, String path) {
        if (!authorized(call)) {
            return error(401, "Authorization: Bearer token required")
                    .header("WWW-Authenticate", "Bearer realm=\"sandbox-factorytalk\"");
        }
        if (!call.method().equals("GET")) {
            return error(405, "only GET is supported");
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        try {
            if (segments.length == 3 && segments[0].equals("sites") && segments[2].equals("shifts")) {
                return shifts(segments[1]);
            }
            if (segments.length == 3 && segments[0].equals("sites") && segments[2].equals("roster")) {
                return rosterPage(segments[1], call);
            }
            if (segments.length == 3 && segments[0].equals("people") && segments[2].equals("schedule")) {
                return schedule(segments[1], call.param("at"));
            }
            if (segments.length == 3 && segments[0].equals("people") && segments[2].equals("work-orders")) {
                String status = call.param("status");
                if (status != null && !status.equalsIgnoreCase("active")) {
                    return error(400, "status must be 'active'");
                }
                return workOrders(segments[1]);
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            return error(400, e.getMessage());
        }
        return error(404, "no scheduling endpoint at " + path);
    }

    private HttpReply shifts(String siteCode) {
        DemoPlant.Site site = sites.get(siteCode);
        if (site == null) {
            return error(404, "no site " + siteCode);
        }
        ObjectNode node = json.createObjectNode();
        node.put("site", site.code());
        node.put("timeZone", site.zone());
        ArrayNode array = node.putArray("shifts");
        for (DemoPlant.Shift s : site.shifts()) {
            ObjectNode item = array.addObject();
            item.put("name", s.name());
            item.put("start", s.start().toString());
            item.put("end", s.end().toString());
            item.put("crossesMidnight", !s.end().isAfter(s.start()));
        }
        return ok(node);
    }

    /**
     * {@code GET /sites/{site}/roster?startDate=&endDate=[&workCenter=][&pageSize=][&pageToken=]}: the published
     * shifts of the site that start on those days (site calendar days, both included, at most 92), ordered by start,
     * line and person, a page at a time; {@code paging.nextPageToken} is null on the last page.
     */
    private HttpReply rosterPage(String siteCode, HttpCall call) {
        DemoPlant.Site site = sites.get(siteCode);
        if (site == null) {
            return error(404, "no site " + siteCode);
        }
        LocalDate from = date(call.param("startDate"), "startDate");
        LocalDate to = date(call.param("endDate"), "endDate");
        if (to.isBefore(from)) {
            return error(400, "endDate must not be before startDate");
        }
        if (to.toEpochDay() - from.toEpochDay() + 1 > MAX_ROSTER_DAYS) {
            return error(400, "a roster request may cover at most " + MAX_ROSTER_DAYS + " days");
        }
        int pageSize = whole(call.param("pageSize"), "pageSize", DEFAULT_PAGE_SIZE, 1, 1000);
        int offset = whole(call.param("pageToken"), "pageToken", 0, 0, Integer.MAX_VALUE);
        String workCenter = call.param("workCenter");
        List<ScheduledShift> all =
                scheduled(siteCode, from, to, workCenter == null || workCenter.isBlank() ? null : workCenter);
        ObjectNode node = json.createObjectNode();
        node.put("site", site.code());
        node.put("timeZone", site.zone());
        node.put("startDate", from.toString());
        node.put("endDate", to.toString());
        ArrayNode array = node.putArray("scheduledShifts");
        int end = Math.min(all.size(), offset + pageSize);
        for (int i = Math.min(offset, all.size()); i < end; i++) {
            ScheduledShift s = all.get(i);
            ObjectNode item = array.addObject();
            item.put("scheduleId", s.scheduleId());
            item.put("employeeId", s.employeeId());
            item.put("shift", s.shift());
            item.put("date", s.date().toString());
            item.put("start", s.start().toString());
            item.put("end", s.end().toString());
            if (s.workCenter() == null) {
                item.putNull("workCenter");
                item.putNull("position");
            } else {
                item.put("workCenter", s.workCenter());
                item.put("position", s.position());
            }
            item.put("status", "PUBLISHED");
        }
        ObjectNode paging = node.putObject("paging");
        paging.put("pageSize", pageSize);
        paging.put("totalCount", all.size());
        if (end < all.size()) {
            paging.put("nextPageToken", Integer.toString(end));
        } else {
            paging.putNull("nextPageToken");
        }
        return ok(node);
    }

    private static LocalDate date(@Nullable String text, String name) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " is required (YYYY-MM-DD, a calendar day at the site)");
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(name + " must be a date YYYY-MM-DD: " + text);
        }
    }

    private static int whole(@Nullable String text, String name, int absent, int min, int max) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: " + text);
        }
    }

    private HttpReply schedule(String employeeId, @Nullable String atText) {
        Instant at = atText == null || atText.isBlank() ? clock.instant() : Instant.parse(atText.trim());
        ObjectNode node = json.createObjectNode();
        node.put("employeeId", employeeId);
        node.put("at", at.toString());
        Optional<Rostered> r = rostered(employeeId);
        if (r.isEmpty()) {
            node.putNull("site");
            node.putNull("shiftPattern");
        } else {
            node.put("site", r.get().site());
            node.put("shiftPattern", r.get().shift());
        }
        Optional<ShiftOccurrence> current = shiftAt(employeeId, at);
        if (current.isEmpty()) {
            node.putNull("currentShift");
        } else {
            ShiftOccurrence o = current.get();
            ObjectNode shift = node.putObject("currentShift");
            shift.put("name", o.name());
            shift.put("site", o.site());
            shift.put("timeZone", o.zone().getId());
            shift.put("start", o.start().toString());
            shift.put("end", o.end().toString());
        }
        return ok(node);
    }

    private HttpReply workOrders(String employeeId) {
        ObjectNode node = json.createObjectNode();
        node.put("employeeId", employeeId);
        ArrayNode array = node.putArray("workOrders");
        List<WorkOrder> active = new ArrayList<>(activeWorkOrders(employeeId));
        for (WorkOrder w : active) {
            ObjectNode item = array.addObject();
            item.put("id", w.id());
            item.put("line", w.line());
            item.put("status", "ACTIVE");
            item.put("opened", w.opened().toString());
            if (w.expectedClose() == null) {
                item.putNull("expectedClose");
            } else {
                item.put("expectedClose", w.expectedClose().toString());
            }
        }
        return ok(node);
    }

    private boolean authorized(HttpCall call) {
        String header = call.header("Authorization");
        if (header == null) {
            return false;
        }
        String normalised = header.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer " + header.substring(7) : header;
        return MessageDigest.isEqual(normalised.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    private HttpReply ok(ObjectNode node) {
        return HttpReply.of(200, HttpReply.JSON, json.writeValueAsBytes(node));
    }

    private HttpReply error(int status, @Nullable String message) {
        return HrisDirectory.errorReply(json, status, message);
    }
}
