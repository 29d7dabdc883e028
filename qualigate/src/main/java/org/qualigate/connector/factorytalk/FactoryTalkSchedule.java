package org.qualigate.connector.factorytalk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.ShiftSchedule;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.trace.Traces;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a FactoryTalk-style scheduling API: {@code GET {base}/people/{id}/schedule?at=} for the shift in
 * progress, {@code GET {base}/people/{id}/work-orders?status=active}, and a line's roster over a range of days
 * ({@code GET {base}/sites/{site}/roster}). An answer without the expected
 * shape is a failure, never "not on shift": a misread schedule must not revoke anybody.
 */
public final class FactoryTalkSchedule implements ShiftSchedule {

    /** The longest range one roster request may cover, and how many shifts a page holds. */
    private static final int MAX_DAYS = 92;

    private static final int PAGE_SIZE = 500;
    private static final int MAX_PAGES = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DefaultUriBuilderFactory uris;
    private final String authorization;
    private final Duration timeout;
    private final HttpCalls calls;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public FactoryTalkSchedule(URI baseUrl, String bearerToken, Duration timeout, Traces.CallRecorder recorder) {
        this.uris = new DefaultUriBuilderFactory(baseUrl.toString());
        this.authorization = "Bearer " + bearerToken;
        this.timeout = timeout;
        this.calls =
                new HttpCalls(HttpClient.newBuilder().connectTimeout(timeout).build(), recorder);
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Optional<Shift> shiftAt(EmployeeId employeeId, Instant at) {
        JsonNode body = fetch(
                "schedule",
                b -> b.path("/people/{id}/schedule")
                        .queryParam("at", at.toString())
                        .build(employeeId.value()));
        JsonNode shift = body.get("currentShift");
        if (shift == null) {
            throw malformed("schedule has no 'currentShift' (null when off shift)");
        }
        if (shift.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Shift(
                    required(shift, "name"),
                    required(shift, "site"),
                    ZoneId.of(required(shift, "timeZone")),
                    Instant.parse(required(shift, "start")),
                    Instant.parse(required(shift, "end"))));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw malformed("schedule's currentShift is not usable: " + e.getMessage());
        }
    }

    @Override
    public List<WorkOrder> activeWorkOrders(EmployeeId employeeId) {
        JsonNode body = fetch(
                "work orders",
                b -> b.path("/people/{id}/work-orders")
                        .queryParam("status", "active")
                        .build(employeeId.value()));
        JsonNode orders = body.get("workOrders");
        if (orders == null || !orders.isArray()) {
            throw malformed("work orders answer has no 'workOrders' array");
        }
        List<WorkOrder> out = new ArrayList<>();
        for (JsonNode o : orders) {
            try {
                out.add(new WorkOrder(
                        required(o, "id"), required(o, "line"), instant(o, "opened"), instant(o, "expectedClose")));
            } catch (DateTimeException | IllegalArgumentException e) {
                throw malformed("a work order is not usable: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Reads {@code GET {base}/sites/{site}/roster?startDate=&endDate=&workCenter=&pageSize=} page by page (following
     * {@code paging.nextPageToken}), in ranges of at most 92 days. An entry without the expected fields is kept as
     * unreadable with its reason, never taken as "not rostered" silently; an answer without the expected shape
     * fails the whole read.
     */
    @Override
    public Roster roster(String site, String line, LocalDate from, LocalDate to) {
        List<RosteredShift> shifts = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(MAX_DAYS)) {
            LocalDate first = start;
            LocalDate last = start.plusDays(MAX_DAYS - 1).isAfter(to) ? to : start.plusDays(MAX_DAYS - 1);
            String token = null;
            for (int page = 0; ; page++) {
                if (page >= MAX_PAGES) {
                    throw malformed("roster of " + site + " " + line + " did not end after " + MAX_PAGES + " pages");
                }
                String pageToken = token;
                JsonNode body = fetch("roster", b -> {
                    b.path("/sites/{site}/roster")
                            .queryParam("startDate", first.toString())
                            .queryParam("endDate", last.toString())
                            .queryParam("workCenter", line)
                            .queryParam("pageSize", PAGE_SIZE);
                    if (pageToken != null) {
                        b.queryParam("pageToken", pageToken);
                    }
                    return b.build(site);
                });
                JsonNode entries = body.get("scheduledShifts");
                if (entries == null || !entries.isArray()) {
                    throw malformed("roster answer has no 'scheduledShifts' array");
                }
                for (JsonNode e : entries) {
                    try {
                        planned(e, site, line).ifPresent(shifts::add);
                    } catch (DateTimeException | IllegalArgumentException ex) {
                        unreadable.add(e.path("scheduleId").asString("?") + ": " + ex.getMessage());
                    }
                }
                JsonNode next = body.path("paging").get("nextPageToken");
                if (next == null || next.isNull() || next.asString().isBlank()) {
                    break;
                }
                if (next.asString().equals(token)) {
                    throw malformed("roster paging repeats the page token " + token);
                }
                token = next.asString();
            }
        }
        return new Roster(shifts, unreadable);
    }

    /**
     * One roster entry as a planned shift on the line; empty for another line's shift (in a system that ignores the
     * filter) or a shift not published (a draft or a cancelled one is not a plan to work).
     *
     * @throws IllegalArgumentException or {@link DateTimeException} when the entry lacks a field or holds a bad one
     */
    private static Optional<RosteredShift> planned(JsonNode e, String site, String line) {
        String employee = required(e, "employeeId");
        if (!EmployeeId.isValid(employee)) {
            throw new IllegalArgumentException("'employeeId' is not an employee id: " + employee);
        }
        if (!line.equals(text(e, "workCenter"))
                || !"PUBLISHED".equalsIgnoreCase(e.path("status").asString("PUBLISHED"))) {
            return Optional.empty();
        }
        return Optional.of(new RosteredShift(
                EmployeeId.of(employee),
                site,
                line,
                text(e, "position"),
                required(e, "shift"),
                LocalDate.parse(required(e, "date")),
                Instant.parse(required(e, "start")),
                Instant.parse(required(e, "end"))));
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asString().isBlank() ? null : v.asString();
    }

    private JsonNode fetch(String what, Function<UriBuilder, URI> uri) {
        HttpRequest request = HttpRequest.newBuilder(uri.apply(uris.builder()))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<byte[]> response = calls.send(
                request,
                HttpResponse.BodyHandlers.ofByteArray(),
                e -> "scheduling system not reachable: " + e,
                "scheduling system read of " + what + " interrupted");
        if (response.statusCode() >= 400) {
            // Every failure to read the schedule is worth retrying: the caller bounds how long it waits.
            throw TargetException.transientFailure(
                    "scheduling system answered " + response.statusCode() + " for " + what, null);
        }
        if (response.body().length == 0) {
            throw TargetException.transientFailure("scheduling system answered " + what + " with no body", null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw TargetException.transientFailure("scheduling system sent " + what + " that is not JSON", e);
        }
    }

    private static TargetException malformed(String message) {
        return TargetException.transientFailure("scheduling system: " + message, null);
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainer() || v.asString().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.asString();
    }

    private static @Nullable Instant instant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asString());
    }
}
