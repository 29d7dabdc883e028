package org.qualigate.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure the sandbox plays on matching requests, so clients can be shown to survive it.
 *
 * @param target {@code scim}, {@code hris}, {@code factorytalk}, {@code successfactors}, {@code workday}, {@code qms},
 *     {@code erp}, {@code jira}, {@code maximo}, {@code regulatory} or {@code *}
 * @param operation {@code "METHOD /Resource"} such as {@code PATCH /Groups} or {@code GET /workers}, a bare method
 *     ({@code PATCH}) or resource ({@code /Users}), or {@code *}; matched case-insensitively. The QMS's resources are
 *     {@code /token}, {@code /query} and {@code /sobjects}
 * @param mode what happens
 * @param status the HTTP status of {@link Mode#ERROR} (429 for {@link Mode#RATE_LIMIT}, 0 otherwise)
 * @param delay the added latency of {@link Mode#SLOW}, the {@code Retry-After} of {@link Mode#RATE_LIMIT}, and how
 *     long {@link Mode#TIMEOUT} and {@link Mode#COMMIT_THEN_TIMEOUT} hold the connection (zero means ten minutes)
 * @param times how many matching requests it applies to; -1 until cleared
 * @param probability the chance that a matching request is affected, in (0, 1]
 * @param pathContains when set, only requests whose path contains this text match (case-sensitive, as paths are):
 *     one record's URL, such as a QMS external id, so the fault reaches the request it is meant for and no other
 *     client's
 */
public record Fault(
        String target,
        String operation,
        Mode mode,
        int status,
        Duration delay,
        int times,
        double probability,
        @Nullable String pathContains) {

    /** What a fault does to a request. */
    public enum Mode {
        /** The service is down: the connection closes without an answer, as close to refused as HTTP allows. */
        DOWN,
        /** An error status with a SCIM (or JSON) error body. */
        ERROR,
        /** 429 with {@code Retry-After} = delay in whole seconds. */
        RATE_LIMIT,
        /** Waits for the delay, then answers normally. */
        SLOW,
        /** Holds the connection far longer than any sane client timeout and never answers. */
        TIMEOUT,
        /** Closes the connection without an answer. */
        RESET,
        /** Applies the change, then holds the connection without answering: the client cannot know it worked. */
        COMMIT_THEN_TIMEOUT
    }

    public static final int UNTIL_CLEARED = -1;

    private static final java.util.Set<String> TARGETS = java.util.Set.of(
            "scim",
            "hris",
            "factorytalk",
            "successfactors",
            "workday",
            "qms",
            "erp",
            "jira",
            "maximo",
            "regulatory",
            "events",
            "*");

    public Fault {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(delay, "delay");
        target = target.toLowerCase(Locale.ROOT);
        if (!TARGETS.contains(target)) {
            throw new IllegalArgumentException(
                    "target must be scim, hris, factorytalk, successfactors, workday, qms, erp, jira, maximo, regulatory, events or *: "
                            + target);
        }
        if (operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be blank (use *)");
        }
        if (mode == Mode.ERROR && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("an ERROR fault needs a 4xx or 5xx status: " + status);
        }
        if (mode == Mode.RATE_LIMIT) {
            status = 429;
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        if (times == 0 || times < UNTIL_CLEARED) {
            throw new IllegalArgumentException("times must be positive or -1: " + times);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
        }
        if (pathContains != null && pathContains.isBlank()) {
            throw new IllegalArgumentException("pathContains must not be blank (leave it out to match every path)");
        }
    }

    /** A fault on every path of the matching requests. */
    public Fault(
            String target, String operation, Mode mode, int status, Duration delay, int times, double probability) {
        this(target, operation, mode, status, delay, times, probability, null);
    }

    /** Every request to the target fails at the connection until cleared. */
    public static Fault down(String target) {
        return new Fault(target, "*", Mode.DOWN, 0, Duration.ZERO, UNTIL_CLEARED, 1);
    }

    /** The next {@code times} matching requests get {@code status} with an error body. */
    public static Fault error(String target, String operation, int status, int times) {
        return new Fault(target, operation, Mode.ERROR, status, Duration.ZERO, times, 1);
    }

    /** The next {@code times} matching requests get 429 with {@code Retry-After}. */
    public static Fault rateLimited(String target, String operation, Duration retryAfter, int times) {
        return new Fault(target, operation, Mode.RATE_LIMIT, 429, retryAfter, times, 1);
    }

    /** The next {@code times} matching requests are answered normally after {@code delay}. */
    public static Fault slow(String target, String operation, Duration delay, int times) {
        return new Fault(target, operation, Mode.SLOW, 0, delay, times, 1);
    }

    /** The next {@code times} matching requests are never answered. */
    public static Fault timeout(String target, String operation, int times) {
        return new Fault(target, operation, Mode.TIMEOUT, 0, Duration.ZERO, times, 1);
    }

    /** The next {@code times} matching requests have their connection closed without an answer. */
    public static Fault reset(String target, String operation, int times) {
        return new Fault(target, operation, Mode.RESET, 0, Duration.ZERO, times, 1);
    }

    /** The next {@code times} matching requests are applied, then never answered. */
    public static Fault commitThenTimeout(String target, String operation, int times) {
        return new Fault(target, operation, Mode.COMMIT_THEN_TIMEOUT, 0, Duration.ZERO, times, 1);
    }

    /** The same fault, affecting each matching request with the given chance. */
    public Fault withProbability(double probability) {
        return new Fault(target, operation, mode, status, delay, times, probability, pathContains);
    }

    /** The same fault with another delay (latency, {@code Retry-After} or hold time). */
    public Fault withDelay(Duration delay) {
        return new Fault(target, operation, mode, status, delay, times, probability, pathContains);
    }

    /** The same fault, only on requests whose path contains {@code text} (one record's URL). */
    public Fault onPathContaining(String text) {
        return new Fault(target, operation, mode, status, delay, times, probability, text);
    }

    /** The same fault with {@code times} set to what remains of it. */
    Fault remaining(int remaining) {
        return new Fault(target, operation, mode, status, delay, remaining, probability, pathContains);
    }

    boolean matches(String requestTarget, String method, String resource, String path) {
        if (!target.equals("*") && !target.equals(requestTarget)) {
            return false;
        }
        if (pathContains != null && !path.contains(pathContains)) {
            return false;
        }
        String op = operation.trim();
        if (op.equals("*")) {
            return true;
        }
        int space = op.indexOf(' ');
        if (space < 0) {
            return op.startsWith("/") ? op.equalsIgnoreCase(resource) : op.equalsIgnoreCase(method);
        }
        String opMethod = op.substring(0, space).trim();
        String opResource = op.substring(space + 1).trim();
        return (opMethod.equals("*") || opMethod.equalsIgnoreCase(method))
                && (opResource.equals("*") || opResource.equalsIgnoreCase(resource));
    }
}
