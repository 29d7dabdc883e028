package org.qualigate.ui;

import java.util.UUID;
import org.qualigate.jobs.Job;
import org.qualigate.jobs.Jobs;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Long work on pages: the recent jobs (one's own or everyone's), and one job with a progress bar that htmx
 * refreshes while it runs (the page itself never waits for the work) and the link to its result when done.
 */
@Controller
class JobsPages {

    private final Jobs jobs;

    JobsPages(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/jobs")
    String list(@RequestParam(defaultValue = "mine") String whose, Authentication user, Model model) {
        boolean all = whose.equals("all");
        model.addAttribute("whose", all ? "all" : "mine");
        model.addAttribute("jobs", jobs.recent(all ? null : user.getName(), 200));
        return "jobs";
    }

    @GetMapping("/jobs/{id}")
    String job(@PathVariable UUID id, Model model) {
        model.addAttribute("job", find(id));
        return "job";
    }

    /** The progress fragment; it asks to be fetched again every second until the job has ended. */
    @GetMapping("/jobs/{id}/progress")
    String progress(@PathVariable UUID id, Model model) {
        model.addAttribute("job", find(id));
        return "job :: progress";
    }

    private Job find(UUID id) {
        return jobs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + id));
    }
}
