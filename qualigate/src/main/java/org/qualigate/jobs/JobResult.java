package org.qualigate.jobs;

/** Where a finished job's result is (a page or a download inside the service) and what to call the link. */
public record JobResult(String path, String label) {

    public JobResult {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a result is a path inside the service: " + path);
        }
    }
}
