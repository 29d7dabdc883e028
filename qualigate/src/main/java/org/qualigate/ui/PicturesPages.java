package org.qualigate.ui;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.report.ComplianceReport;
import org.qualigate.report.ExpiryOutlook;
import org.qualigate.report.LineTrainingMatrix;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Pictures where people would rather look than read, drawn on the server as SVG from the same data the API answers:
 * the training matrix of a line as a heat map (each person's row links to their page) and the roles lapsing within
 * 30, 60 and 90 days per line and role as bars. Every state also has a symbol and a pattern, every bar its number.
 */
@Controller
class PicturesPages {

    /** Geometry of the heat map, in SVG user units. */
    static final int CELL = 30;

    static final int LABEL = 250;
    static final int HEADER = 110;

    /** Geometry of the bar charts. */
    static final int BAR_WIDTH = 420;

    static final int BAR_HEIGHT = 20;
    static final int BAR_GAP = 10;
    static final int BAR_LABEL = 260;

    private final LineTrainingMatrix matrix;
    private final ExpiryOutlook expiries;
    private final PlantDefinition plant;

    PicturesPages(LineTrainingMatrix matrix, ExpiryOutlook expiries, PlantDefinition plant) {
        this.matrix = matrix;
        this.expiries = expiries;
        this.plant = plant;
    }

    /** A column of the heat map: its qualification and where its label is drawn. */
    record ColumnView(LineTrainingMatrix.Column column, int x) {}

    /** A cell: its state, its place, and the HR calendar date it expires (null when missing or never). */
    record CellView(
            String code,
            ComplianceReport.State state,
            int x,
            @Nullable LocalDate expiresOn) {}

    /** A row: a person, where it is drawn, and its cells. */
    record RowView(LineTrainingMatrix.Row row, int y, List<CellView> cells) {}

    @GetMapping("/reports/training-matrix")
    String trainingMatrix(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String line,
            Model model) {
        Plant p = plant.current();
        Site s = site(p, site);
        if (s.lines().isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        String l = line == null || !s.lines().contains(line) ? s.lines().getFirst() : line;
        LineTrainingMatrix.Matrix m = matrix.of(s.code(), l, 30).orElseThrow();
        List<ColumnView> columns = new ArrayList<>();
        for (int i = 0; i < m.columns().size(); i++) {
            columns.add(new ColumnView(m.columns().get(i), LABEL + i * CELL));
        }
        List<RowView> rows = new ArrayList<>();
        for (int r = 0; r < m.rows().size(); r++) {
            LineTrainingMatrix.Row row = m.rows().get(r);
            List<CellView> cells = new ArrayList<>();
            for (int c = 0; c < row.cells().size(); c++) {
                LineTrainingMatrix.Cell cell = row.cells().get(c);
                cells.add(new CellView(
                        cell.code(),
                        cell.state(),
                        LABEL + c * CELL,
                        cell.requirement() == null || cell.requirement().dates() == null
                                ? null
                                : cell.requirement().dates().expiresOn()));
            }
            rows.add(new RowView(row, HEADER + r * CELL, cells));
        }
        model.addAttribute(
                "sites",
                p.sites().values().stream()
                        .sorted(java.util.Comparator.comparing(Site::code))
                        .toList());
        model.addAttribute("site", s);
        model.addAttribute(
                "lines",
                s.lines().stream()
                        .map(x -> s.line(x).orElse(new Site.Line(x, x, null)))
                        .toList());
        model.addAttribute("m", m);
        model.addAttribute("columns", columns);
        model.addAttribute("rows", rows);
        model.addAttribute("cell", CELL);
        model.addAttribute("header", HEADER);
        // room on the right for the last column's slanted label
        model.addAttribute("width", LABEL + Math.max(1, columns.size()) * CELL + 90);
        model.addAttribute("height", HEADER + Math.max(1, rows.size()) * CELL + 10);
        model.addAttribute("states", ComplianceReport.State.values());
        model.addAttribute("at", m.at().atZone(s.zone()));
        return "training-matrix";
    }

    /** One bar: a role, where it is drawn, and its segments (one per window) with their lengths. */
    record BarView(ExpiryOutlook.RoleOutlook role, int y, List<Segment> segments, int end) {}

    /** One segment of a bar: which window, where it starts, how long it is, and how many people it stands for. */
    record Segment(int window, int x, int width, int count) {}

    /** A line's bars and the height its chart takes. */
    record LineChart(ExpiryOutlook.LineOutlook line, List<BarView> bars, int height) {}

    @GetMapping("/reports/expiries")
    String expiries(@RequestParam(required = false) @Nullable String site, Model model) {
        Plant p = plant.current();
        Site s = site(p, site);
        ExpiryOutlook.Outlook o = expiries.of(s.code()).orElseThrow();
        int max = o.lines().stream()
                .flatMap(l -> l.roles().stream())
                .mapToInt(ExpiryOutlook.RoleOutlook::total)
                .max()
                .orElse(0);
        List<LineChart> charts = new ArrayList<>();
        for (ExpiryOutlook.LineOutlook line : o.lines()) {
            List<BarView> bars = new ArrayList<>();
            int y = BAR_GAP;
            for (ExpiryOutlook.RoleOutlook role : line.roles()) {
                List<Segment> segments = new ArrayList<>();
                int x = BAR_LABEL;
                for (int w = 0; w < role.counts().size(); w++) {
                    int count = role.counts().get(w);
                    int width = max == 0 ? 0 : (int) Math.round((double) count * BAR_WIDTH / max);
                    segments.add(new Segment(w, x, width, count));
                    x += width;
                }
                bars.add(new BarView(role, y, segments, x));
                y += BAR_HEIGHT + BAR_GAP;
            }
            charts.add(new LineChart(line, bars, y));
        }
        model.addAttribute(
                "sites",
                p.sites().values().stream()
                        .sorted(java.util.Comparator.comparing(Site::code))
                        .toList());
        model.addAttribute("site", s);
        model.addAttribute("outlook", o);
        model.addAttribute("charts", charts);
        model.addAttribute("barHeight", BAR_HEIGHT);
        model.addAttribute("chartWidth", BAR_LABEL + BAR_WIDTH + 160);
        model.addAttribute("at", o.at().atZone(s.zone()));
        return "expiries";
    }

    private static Site site(Plant p, @Nullable String code) {
        if (code == null || code.isBlank()) {
            return p.sites().values().stream()
                    .sorted(java.util.Comparator.comparing(Site::code))
                    .findFirst()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        return p.site(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
