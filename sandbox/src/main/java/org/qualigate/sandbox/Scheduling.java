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
 * schedule, which shift pattern each person works (the roster), and the work orders they hold. Served under
 * {@code /factorytalk/v1} with the sandbox's bearer token. A roster entry means the person works that shift every
 * day, which is enough to show shift protection; a real roster rotates.
 */
public final class Scheduling {

    private final JsonMapper json;
    private final Clock clock;
    private final byte[] expectedAuthorization;
    private final Map<String, DemoPlant.Site> sites = new LinkedHashMap<>();
    private final Map<String, Rostered> roster = new LinkedHashMap<>();
    private final Map<String, WorkOrder> workOrders = new LinkedHashMap<>();

    /** A person's shift pattern: the site and the name of the shift they work. */
    public record Rostered(String employeeId, String site, String shift) {}

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

    /** Rosters each demo worker on one of their site's shifts, the same for the same seed. */
    synchronized void rosterDemo(List<Worker> workers, long seed) {
        for (Worker w : workers) {
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
