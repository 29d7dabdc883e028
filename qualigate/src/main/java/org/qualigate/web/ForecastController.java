package org.qualigate.web;

import java.util.ArrayList;
import java.util.List;
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

    static ForecastView view(Forecast f, Site site, Plant plant, int days) {
        List<LineView> lines = new ArrayList<>();
        for (String code : site.lines()) {
            if (plant.staffingAt(site.code()).stream().noneMatch(x -> x.line().equals(code))) {
                continue;
            }
            Site.Line line = site.line(code).orElse(new Site.Line(code, code, null));
            lines.add(new LineView(
                    code,
                    line.name(),
                    line.supervisor(),
                    f.ofLine(code).stream().map(s -> shift(s, site, plant)).toList()));
        }
        return new ForecastView(
                f.site(),
                site.zone().getId(),
                f.from().toString(),
                f.until().toString(),
                days,
                f.atRisk().size(),
                lines,
                f.unreadable());
    }

    private static ShiftView shift(Forecast.ShiftForecast s, Site site, Plant plant) {
        return new ShiftView(
                s.date().toString(),
                s.shift(),
                s.start().toString(),
                s.end().toString(),
                s.start().atZone(site.zone()).toOffsetDateTime().toString(),
                s.atRisk(),
                s.roles().stream().map(r -> role(r, site, plant)).toList());
    }

    /** One role on the shift: its minimum, who will hold it and who will not. */
    private static RoleView role(Forecast.RoleForecast r, Site site, Plant plant) {
        return new RoleView(
                r.role().value(),
                r.minimum(),
                r.rostered(),
                r.held(),
                r.atRisk(),
                r.holding().stream().map(ForecastController::holder).toList(),
                r.shortfalls().stream().map(sf -> shortfall(sf, site, plant)).toList());
    }

    private static HolderView holder(Forecast.Holding h) {
        return new HolderView(
                h.employeeId().value(),
                h.name(),
                h.how().name(),
                h.lapsesAt() == null ? null : h.lapsesAt().toString());
    }

    /** One rostered person who will not hold the role, why, and which training would restore it. */
    private static ShortfallView shortfall(Forecast.Shortfall sf, Site site, Plant plant) {
        return new ShortfallView(
                sf.employeeId().value(),
                sf.name(),
                sf.why().name(),
                sf.lapsesAt() == null ? null : sf.lapsesAt().toString(),
                sf.missing().stream().map(mi -> missing(mi, site, plant)).toList());
    }

    private static MissingView missing(Forecast.Missing mi, Site site, Plant plant) {
        return new MissingView(
                mi.code().value(),
                plant.dictionary().names().getOrDefault(mi.code(), mi.code().value()),
                mi.minimumLevel(),
                mi.expiredAt() == null ? null : mi.expiredAt().toString(),
                mi.expiredAt() == null
                        ? null
                        : new SiteTime(site.zone())
                                .expiresOn(mi.expiredAt(), null)
                                .toString(),
                mi.reason());
    }

    // ---- the views; instants are written as text here as they were before

    record ForecastView(
            String site,
            String timeZone,
            String from,
            String until,
            int days,
            int shiftsAtRisk,
            List<LineView> lines,
            List<String> unreadableRosterEntries) {}

    record LineView(String line, String name, @Nullable String supervisor, List<ShiftView> shifts) {}

    record ShiftView(
            String date,
            String shift,
            String start,
            String end,
            String startAtSite,
            boolean atRisk,
            List<RoleView> roles) {}

    record RoleView(
            String role,
            int minimum,
            int rostered,
            int holding,
            boolean atRisk,
            List<HolderView> holders,
            List<ShortfallView> shortfalls) {}

    record HolderView(
            String employeeId,
            String name,
            String how,
            @Nullable String lapsesAt) {}

    record ShortfallView(
            String employeeId,
            String name,
            String why,
            @Nullable String lapsesAt,
            List<MissingView> missing) {}

    record MissingView(
            String code,
            String name,
            int minimumLevel,
            @Nullable String expiredAt,
            @Nullable String validThrough,
            String reason) {}
}
