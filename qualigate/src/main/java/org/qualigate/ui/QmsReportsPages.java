package org.qualigate.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Verdict;
import org.qualigate.jobs.Job;
import org.qualigate.jobs.Jobs;
import org.qualigate.text.TextInput;
import org.qualigate.training.ReconciliationJob;
import org.qualigate.training.TrainingParallelRun;
import org.qualigate.training.TrainingReconciliation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The QMS sync's evidence pages: reconciliations (run one for a site, list them, read one run's counts,
 * checksums and discrepancies with their reasons, download it as CSV) and parallel-run (PQ) reports (upload a
 * manual-entry export for a period, read the classified discrepancies and the accuracy, download as CSV).
 */
@Controller
class QmsReportsPages {

    /** The largest export accepted, as in the API. */
    static final long MAX_EXPORT = 20L * 1024 * 1024;

    private static final MediaType CSV = MediaType.parseMediaType("text/csv; charset=UTF-8");

    private final TrainingReconciliation reconciliation;
    private final TrainingParallelRun parallelRun;
    private final PlantDefinition plant;
    private final Jobs jobs;

    QmsReportsPages(
            TrainingReconciliation reconciliation, TrainingParallelRun parallelRun, PlantDefinition plant, Jobs jobs) {
        this.jobs = jobs;
        this.reconciliation = reconciliation;
        this.parallelRun = parallelRun;
        this.plant = plant;
    }

    @GetMapping("/qms/reconciliations")
    String reconciliations(Authentication user, Model model) {
        model.addAttribute("runs", reconciliation.list(null));
        model.addAttribute("sites", sites());
        model.addAttribute("mayRun", QmsPage.maySwitch(user));
        PageModel.blankFormUnlessRefused(model);
        return "qms-reconciliations";
    }

    @PostMapping("/qms/reconciliations")
    String reconcile(
            @RequestParam(defaultValue = "") String site,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        checkSite(site, errors);
        if (!errors.any()) {
            // the run takes a minute for a large site: it goes to the background, and the job's page shows its
            // progress and, when done, the link to the run
            Job job = jobs.submit(
                    ReconciliationJob.KIND,
                    "Reconciliation of " + site,
                    Map.of("site", site),
                    null,
                    null,
                    user.getName());
            return "redirect:/jobs/" + job.id();
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("form", Map.of("site", site));
        return reconciliations(user, model);
    }

    @GetMapping("/qms/reconciliations/{id}")
    String reconciliationRun(@PathVariable UUID id, Model model) {
        TrainingReconciliation.Run run =
                reconciliation.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("run", run);
        model.addAttribute("counts", run.counts() == null ? Map.of() : run.counts());
        model.addAttribute("items", reconciliation.items(id));
        return "qms-reconciliation";
    }

    @GetMapping("/qms/reconciliations/{id}/csv")
    ResponseEntity<byte[]> reconciliationCsv(@PathVariable UUID id) {
        TrainingReconciliation.Run run =
                reconciliation.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return AuditPage.download(
                "reconciliation-" + run.site() + "-" + id + ".csv",
                CSV,
                TrainingReconciliation.csv(run, reconciliation.items(id)).getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/qms/parallel-runs")
    String parallelRuns(Authentication user, Model model) {
        model.addAttribute("reports", parallelRun.list());
        model.addAttribute("sites", sites());
        model.addAttribute("mayUpload", QmsPage.maySwitch(user));
        PageModel.blankFormUnlessRefused(model);
        return "qms-parallel-runs";
    }

    @PostMapping("/qms/parallel-runs")
    String upload(
            @RequestParam(defaultValue = "") String site,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            @RequestParam(required = false) @Nullable MultipartFile export,
            Authentication user,
            Model model,
            RedirectAttributes redirect)
            throws IOException {
        FieldErrors errors = new FieldErrors();
        checkSite(site, errors);
        LocalDate first = day(from, "from", errors);
        LocalDate last = day(to, "to", errors);
        if (first != null && last != null && last.isBefore(first)) {
            errors.reject("to", org.qualigate.text.Sentence.of("form.error.last-day"));
        }
        if (export == null || export.isEmpty()) {
            errors.reject("export", org.qualigate.text.Sentence.of("form.error.manual-export"));
        } else if (export.getSize() > MAX_EXPORT) {
            errors.reject("export", org.qualigate.text.Sentence.of("form.error.file-20mb"));
        }
        TextInput.DecodedText text = null;
        if (!errors.any() && export != null) {
            text = TextInput.utf8(export.getBytes());
            if (!text.valid()) {
                errors.reject(
                        "export",
                        org.qualigate.text.Sentence.of(
                                "form.error.file-text", org.qualigate.text.Sentence.Quoted.english(text.refusal())));
            }
        }
        if (!errors.any() && first != null && last != null && text != null && text.text() != null) {
            // whole days in UTC, like every time on these pages: [first 00:00, the day after last 00:00)
            Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Verdict<TrainingParallelRun.Report> v =
                    parallelRun.compare(site, start, end, text.text(), "user:" + user.getName());
            if (v.refusal() == null) {
                redirect.addFlashAttribute(
                        "notice",
                        org.qualigate.text.Sentence.of(
                                "form.notice.compared",
                                ((Number) v.value().summary().get("lines")).longValue()));
                return "redirect:/qms/parallel-runs/" + v.value().id();
            }
            v.refusal().errors().forEach(e -> errors.reject(e.field() == null ? "export" : field(e.field()), e.said()));
            if (!errors.any()) {
                errors.reject("export", v.refusal().whole().said());
            }
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("form", Map.of("site", site, "from", from, "to", to));
        return parallelRuns(user, model);
    }

    @GetMapping("/qms/parallel-runs/{id}")
    String parallelRunReport(@PathVariable UUID id, Model model) {
        TrainingParallelRun.Report report =
                parallelRun.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("report", report);
        model.addAttribute(
                "discrepancies",
                report.lines().stream()
                        .filter(l -> l.classification() != TrainingParallelRun.Classification.MATCH)
                        .toList());
        model.addAttribute("classifications", List.of(TrainingParallelRun.Classification.values()));
        return "qms-parallel-run";
    }

    @GetMapping("/qms/parallel-runs/{id}/csv")
    ResponseEntity<byte[]> parallelRunCsv(@PathVariable UUID id) {
        TrainingParallelRun.Report report =
                parallelRun.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return AuditPage.download(
                "parallel-run-" + report.site() + "-" + id + ".csv",
                CSV,
                TrainingParallelRun.csv(report).getBytes(StandardCharsets.UTF_8));
    }

    private void checkSite(String site, FieldErrors errors) {
        if (site.isBlank()) {
            errors.reject("site", org.qualigate.text.Sentence.of("form.error.choose-site"));
        } else if (plant.current().site(site).isEmpty()) {
            errors.reject("site", org.qualigate.text.Sentence.of("form.error.not-a-site"));
        }
    }

    private static @Nullable LocalDate day(String value, String field, FieldErrors errors) {
        if (value.isBlank()) {
            errors.reject(field, org.qualigate.text.Sentence.of("form.error.day"));
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.reject(field, org.qualigate.text.Sentence.of("form.error.day-example"));
            return null;
        }
    }

    /** The service's field names for the upload (the API's request body) are the form's file field here. */
    private static String field(String serviceField) {
        return serviceField.equals("body") ? "export" : serviceField;
    }

    private List<String> sites() {
        return plant.current().sites().keySet().stream().sorted().toList();
    }
}
