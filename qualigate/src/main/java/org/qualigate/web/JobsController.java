package org.qualigate.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
    Map<String, Object> recent(@RequestParam(defaultValue = "false") boolean mine, Authentication caller) {
        return Map.of(
                "jobs",
                jobs.recent(mine ? caller.getName() : null, 200).stream()
                        .map(JobsController::view)
                        .toList());
    }

    @GetMapping("/api/v1/jobs/{id}")
    Map<String, Object> job(@PathVariable UUID id) {
        return view(jobs.find(id).orElseThrow(() -> new ApiErrors.NotFound("no job " + id)));
    }

    static Map<String, Object> view(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("kind", j.kind());
        m.put("title", j.title());
        m.put("parameters", j.parameters());
        m.put("input", j.inputName());
        m.put("requestedBy", j.requestedBy());
        m.put("requestedAt", j.requestedAt());
        m.put("state", j.state().name());
        m.put("done", j.done());
        m.put("total", j.total());
        m.put("percent", j.percent());
        m.put("note", j.note());
        m.put("startedAt", j.startedAt());
        m.put("finishedAt", j.finishedAt());
        m.put("result", j.resultPath());
        m.put("resultLabel", j.resultLabel());
        m.put("error", j.error());
        return m;
    }
}
