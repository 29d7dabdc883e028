package org.qualigate.ui;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.intake.CsvImport;
import org.qualigate.intake.CsvImportJob;
import org.qualigate.jobs.Job;
import org.qualigate.jobs.Jobs;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * CSV imports on pages: the runs so far, a file uploaded for import in the background (the HR mapping
 * editor's, as in the API), and one run with every row set aside, by line, and why.
 */
@Controller
class ImportsPages {

    /** The largest file accepted, as in the API. */
    static final long MAX_FILE = 50L * 1024 * 1024;

    private final CsvImport imports;
    private final Jobs jobs;

    ImportsPages(CsvImport imports, Jobs jobs) {
        this.imports = imports;
        this.jobs = jobs;
    }

    @GetMapping("/imports")
    String list(Model model) {
        model.addAttribute("runs", imports.runs(100));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("source", "csv");
        }
        return "imports";
    }

    @PostMapping("/imports")
    String upload(
            @RequestParam(defaultValue = "csv") String source,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            Authentication user,
            Model model)
            throws IOException {
        FieldErrors errors = new FieldErrors();
        if (!source.matches("[A-Za-z0-9_-]{1,40}")) {
            errors.reject("source", org.qualigate.text.Sentence.of("form.error.source-name"));
        }
        if (file == null || file.isEmpty()) {
            errors.reject("file", org.qualigate.text.Sentence.of("form.error.csv-file"));
        } else if (file.getSize() > MAX_FILE) {
            errors.reject("file", org.qualigate.text.Sentence.of("form.error.file-50mb"));
        }
        if (errors.any() || file == null) {
            model.addAttribute("errors", errors.asMap());
            model.addAttribute("source", source);
            return list(model);
        }
        String name =
                file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                        ? "upload.csv"
                        : file.getOriginalFilename();
        Job job = jobs.submit(
                CsvImportJob.KIND,
                "Import of " + name,
                Map.of("source", source),
                file.getBytes(),
                name,
                user.getName());
        return "redirect:/jobs/" + job.id();
    }

    @GetMapping("/imports/{id}")
    String run(@PathVariable UUID id, Model model) {
        model.addAttribute("run", imports.run(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("rejections", imports.rejections(id));
        return "import";
    }
}
