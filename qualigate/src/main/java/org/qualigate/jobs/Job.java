package org.qualigate.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One piece of long work as stored: what it is, who asked, where it stands, and where its result is. */
public record Job(
        UUID id,
        String kind,
        String title,
        Map<String, String> parameters,
        @Nullable String inputName,
        String requestedBy,
        Instant requestedAt,
        State state,
        long done,
        @Nullable Long total,
        @Nullable String note,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable String resultPath,
        @Nullable String resultLabel,
        @Nullable String error) {

    public Job {
        parameters = Map.copyOf(parameters);
    }

    /** Waiting for an instance, running on one, or ended (done, failed, or cut off by a stop). */
    public enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        INTERRUPTED;

        public boolean ended() {
            return this == SUCCEEDED || this == FAILED || this == INTERRUPTED;
        }
    }

    /** A parameter given when the job was asked for ("" when absent). */
    public String parameter(String name) {
        return parameters.getOrDefault(name, "");
    }

    /** How far it is, 0 to 100, when the amount of work is known. */
    public @Nullable Integer percent() {
        if (state == State.SUCCEEDED) {
            return 100;
        }
        if (total == null || total <= 0) {
            return null;
        }
        return (int) Math.min(100, done * 100 / total);
    }
}
