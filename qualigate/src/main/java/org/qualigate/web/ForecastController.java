package org.qualigate.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.access.SiteTime;
import org.qualigate.connector.TargetException;
import org.qualigate.staffing.Forecast;
import org.qualigate.staffing.StaffingForecasts;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The staffing forecast: {@code GET /api/v1/forecast?site=&days=} — per line, every rostered shift of the next days
 * (30 unless asked, at most 92) with each role's minimum, who will hold it and who will not, why, and which training
 * would restore it (decision 0037).
 */
@RestController
class ForecastController {

    private final StaffingForecasts forecasts;
    private final PlantDefinition plant;

    ForecastController(StaffingForecasts forecasts, PlantDefinition plant) {
        this.forecasts = forecasts;
        this.plant = plant;
    }

    @GetMapping("/api/v1/forecast")
    ResponseEntity<?> forecast(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String days) {
        if (site == null || site.isBlank()) {
            throw new ApiErrors.InvalidParameter("site", "is required");
        }
        Plant p = plant.current();
        Site s = p.site(site.strip())
                .orElseThrow(() -> new ApiErrors.InvalidParameter("site", "is not a site of the plant: " + site));
        int n = StaffingForecasts.DEFAULT_DAYS;
        if (days != null && !days.isBlank()) {
            try {
                n = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                throw new ApiErrors.InvalidParameter(
                        "days", "must be a whole number of days from 1 to " + StaffingForecasts.MAX_DAYS);
            }
            if (n < 1 || n > StaffingForecasts.MAX_DAYS) {
                throw new ApiErrors.InvalidParameter(
                        "days", "must be from 1 to " + StaffingForecasts.MAX_DAYS + ": " + days);
            }
        }
        if (!forecasts.rostersAvailable()) {
            return unavailable("no scheduling system is configured (qualigate.scheduling.base-url), so there are no"
                    + " rosters to forecast");
        }
        Forecast f;
        try {
            f = forecasts.forecast(s.code(), n);
        } catch (TargetException e) {
            return unavailable("the scheduling system could not be read: " + e.getMessage());
        }
        return ResponseEntity.ok(view(f, s, p, n));
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return Problems.respond(
                Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "rosters-unavailable", "Rosters unavailable", detail),
                null);
    }

    static Map<String, Object> view(Forecast f, Site site, Plant plant, int days) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", f.site());
        m.put("timeZone", site.zone().getId());
        m.put("from", f.from().toString());
        m.put("until", f.until().toString());
        m.put("days", days);
        m.put("shiftsAtRisk", f.atRisk().size());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String code : site.lines()) {
            if (plant.staffingAt(site.code()).stream().noneMatch(x -> x.line().equals(code))) {
                continue;
            }
            Site.Line line = site.line(code).orElse(new Site.Line(code, code, null));
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("line", code);
            l.put("name", line.name());
            l.put("supervisor", line.supervisor());
            l.put(
                    "shifts",
                    f.ofLine(code).stream().map(s -> shift(s, site, plant)).toList());
            lines.add(l);
        }
        m.put("lines", lines);
        m.put("unreadableRosterEntries", f.unreadable());
        return m;
    }

    private static Map<String, Object> shift(Forecast.ShiftForecast s, Site site, Plant plant) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", s.date().toString());
        m.put("shift", s.shift());
        m.put("start", s.start().toString());
        m.put("end", s.end().toString());
        m.put("startAtSite", s.start().atZone(site.zone()).toOffsetDateTime().toString());
        m.put("atRisk", s.atRisk());
        m.put("roles", s.roles().stream().map(r -> role(r, site, plant)).toList());
        return m;
    }

    /** One role on the shift: its minimum, who will hold it and who will not. */
    private static Map<String, Object> role(Forecast.RoleForecast r, Site site, Plant plant) {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("role", r.role().value());
        role.put("minimum", r.minimum());
        role.put("rostered", r.rostered());
        role.put("holding", r.held());
        role.put("atRisk", r.atRisk());
        role.put("holders", r.holding().stream().map(ForecastController::holder).toList());
        role.put(
                "shortfalls",
                r.shortfalls().stream().map(sf -> shortfall(sf, site, plant)).toList());
        return role;
    }

    private static Map<String, Object> holder(Forecast.Holding h) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("employeeId", h.employeeId().value());
        x.put("name", h.name());
        x.put("how", h.how().name());
        x.put("lapsesAt", h.lapsesAt() == null ? null : h.lapsesAt().toString());
        return x;
    }

    /** One rostered person who will not hold the role, why, and which training would restore it. */
    private static Map<String, Object> shortfall(Forecast.Shortfall sf, Site site, Plant plant) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("employeeId", sf.employeeId().value());
        x.put("name", sf.name());
        x.put("why", sf.why().name());
        x.put("lapsesAt", sf.lapsesAt() == null ? null : sf.lapsesAt().toString());
        x.put(
                "missing",
                sf.missing().stream().map(mi -> missing(mi, site, plant)).toList());
        return x;
    }

    private static Map<String, Object> missing(Forecast.Missing mi, Site site, Plant plant) {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("code", mi.code().value());
        y.put(
                "name",
                plant.dictionary().names().getOrDefault(mi.code(), mi.code().value()));
        y.put("minimumLevel", mi.minimumLevel());
        y.put("expiredAt", mi.expiredAt() == null ? null : mi.expiredAt().toString());
        y.put(
                "validThrough",
                mi.expiredAt() == null
                        ? null
                        : new SiteTime(site.zone())
                                .expiresOn(mi.expiredAt(), null)
                                .toString());
        y.put("reason", mi.reason());
        return y;
    }
}
