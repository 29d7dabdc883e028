package org.qualigate.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.jobs.Job;
import org.qualigate.jobs.Jobs;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Background jobs as JSON: where one stands (progress, state, the link to its result), and the recent ones. */
@RestController
class JobsController {

    private final Jobs jobs;

    JobsController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/jobs")
    JobList recent(@RequestParam(defaultValue = "false") boolean mine, Authentication caller) {
        return new JobList(jobs.recent(mine ? caller.getName() : null, 200).stream()
                .map(JobsController::view)
                .toList());
    }

    @GetMapping("/api/v1/jobs/{id}")
    JobView job(@PathVariable UUID id) {
        return view(jobs.find(id).orElseThrow(() -> new ApiErrors.NotFound("no job " + id)));
    }

    static JobView view(Job j) {
        return new JobView(
                j.id(),
                j.kind(),
                j.title(),
                j.parameters(),
                j.inputName(),
                j.requestedBy(),
                j.requestedAt(),
                j.state().name(),
                j.done(),
                j.total(),
                j.percent(),
                j.note(),
                j.startedAt(),
                j.finishedAt(),
                j.resultPath(),
                j.resultLabel(),
                j.error());
    }

    record JobList(List<JobView> jobs) {}

    /** A job's progress and state, with the link to its result once done. */
    record JobView(
            UUID id,
            String kind,
            String title,
            Map<String, String> parameters,
            @Nullable String input,
            String requestedBy,
            Instant requestedAt,
            String state,
            long done,
            @Nullable Long total,
            @Nullable Integer percent,
            @Nullable String note,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable String result,
            @Nullable String resultLabel,
            @Nullable String error) {}
}
