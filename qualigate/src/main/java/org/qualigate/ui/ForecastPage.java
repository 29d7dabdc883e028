package org.qualigate.ui;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.connector.TargetException;
import org.qualigate.staffing.Forecast;
import org.qualigate.staffing.StaffingForecasts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The staffing forecast as a calendar per line: each day of the coming weeks with the line's rostered shifts, each
 * marked by whether enough certified people will hold every role (in words and a symbol, not colour alone); below,
 * each shift at risk with whose certification lapses and which training would restore it (decision 0037).
 */
@Controller
class ForecastPage {

    private final StaffingForecasts forecasts;
    private final PlantDefinition plant;

    ForecastPage(StaffingForecasts forecasts, PlantDefinition plant) {
        this.forecasts = forecasts;
        this.plant = plant;
    }

    /** One shift in the calendar: the forecast, its start and end at the site, and the anchor of its details. */
    record ShiftView(Forecast.ShiftForecast shift, ZonedDateTime start, ZonedDateTime end, String anchor) {}

    /** One day of the calendar: whether it lies in the forecast's window, and the line's shifts that start on it. */
    record DayView(LocalDate date, boolean inWindow, List<ShiftView> shifts) {}

    @GetMapping("/forecast")
    String forecast(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String line,
            @RequestParam(required = false) @Nullable Integer days,
            Model model) {
        Plant p = plant.current();
        List<Site> staffed = forecasts.staffedSites();
        model.addAttribute("sites", staffed);
        model.addAttribute("configured", forecasts.rostersAvailable());
        if (staffed.isEmpty()) {
            return "forecast";
        }
        Site s = staffed.stream().filter(x -> x.code().equals(site)).findFirst().orElse(staffed.getFirst());
        List<Site.Line> lines = staffedLines(p, s);
        Site.Line chosen =
                lines.stream().filter(l -> l.code().equals(line)).findFirst().orElse(lines.getFirst());
        int n = days == null || days < 1 || days > StaffingForecasts.MAX_DAYS ? StaffingForecasts.DEFAULT_DAYS : days;
        model.addAttribute("site", s);
        model.addAttribute("lines", lines);
        model.addAttribute("line", chosen);
        model.addAttribute("days", n);
        model.addAttribute(
                "minimums",
                p.staffingAt(s.code()).stream()
                        .filter(m -> m.line().equals(chosen.code()))
                        .toList());
        if (!forecasts.rostersAvailable()) {
            return "forecast";
        }
        Forecast f;
        try {
            f = forecasts.forecast(s.code(), n);
        } catch (TargetException e) {
            model.addAttribute("unreadable", e.getMessage());
            return "forecast";
        }
        ZoneId zone = s.zone();
        List<ShiftView> shifts = f.ofLine(chosen.code()).stream()
                .map(x -> new ShiftView(
                        x, x.start().atZone(zone), x.end().atZone(zone), "shift-" + x.date() + "-" + x.shift()))
                .toList();
        LocalDate first = f.from().atZone(zone).toLocalDate();
        LocalDate last = f.until().atZone(zone).toLocalDate();
        model.addAttribute("forecast", f);
        model.addAttribute("weeks", weeks(shifts, first, last));
        model.addAttribute(
                "atRisk", shifts.stream().filter(x -> x.shift().atRisk()).toList());
        model.addAttribute("rostered", !shifts.isEmpty());
        model.addAttribute("from", f.from().atZone(zone));
        model.addAttribute("until", f.until().atZone(zone));
        model.addAttribute("names", p.dictionary().names());
        model.addAttribute("zone", zone);
        model.addAttribute("siteTime", new org.qualigate.access.SiteTime(zone));
        return "forecast";
    }

    /** The site's lines that have staffing minimums, in the site's order. */
    private static List<Site.Line> staffedLines(Plant p, Site s) {
        return s.lines().stream()
                .filter(l ->
                        p.staffingAt(s.code()).stream().anyMatch(m -> m.line().equals(l)))
                .map(l -> s.line(l).orElse(new Site.Line(l, l, null)))
                .toList();
    }

    /** The calendar: whole weeks from the Monday of the first day, each day with the shifts that start on it. */
    private static List<List<DayView>> weeks(List<ShiftView> shifts, LocalDate first, LocalDate last) {
        List<List<DayView>> weeks = new ArrayList<>();
        LocalDate monday = first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (LocalDate week = monday; !week.isAfter(last); week = week.plusWeeks(1)) {
            List<DayView> row = new ArrayList<>();
            for (int d = 0; d < 7; d++) {
                LocalDate day = week.plusDays(d);
                row.add(new DayView(
                        day,
                        !day.isBefore(first) && !day.isAfter(last),
                        shifts.stream()
                                .filter(x -> x.shift().date().equals(day))
                                .toList()));
            }
            weeks.add(row);
        }
        return weeks;
    }
}
