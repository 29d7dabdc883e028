package org.qualigate.settings;

import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which interfaces may be paused under change control, and whether one is paused now: the run-time parameter
 * {@code interface.<name>.paused} approved {@code true}. Only an interface whose worker keeps its work queued while
 * paused is listed; the core flows (MES roles, QMS training records, ERP blocking, regulatory reporting) are not, so
 * a change set that names one is refused.
 */
@Component
public class InterfacePauses {

    /** The interfaces that may be paused, each with the work its pause holds back. */
    public static final Map<String, String> PAUSABLE =
            Map.of("task-tool", "CAPA escalation steps (the QMS comment and the task-tool issue of each step)");

    private static final String PREFIX = "interface.";
    private static final String SUFFIX = ".paused";

    private final ApprovedParameters approved;

    public InterfacePauses(ApprovedParameters approved) {
        this.approved = approved;
    }

    /** The parameter that pauses the interface. */
    public static String parameter(String iface) {
        return PREFIX + iface + SUFFIX;
    }

    /** The interface a parameter name pauses, when it is a pause parameter at all. */
    public static Optional<String> interfaceOf(String parameter) {
        return parameter.startsWith(PREFIX)
                        && parameter.endsWith(SUFFIX)
                        && parameter.length() > PREFIX.length() + SUFFIX.length()
                ? Optional.of(parameter.substring(PREFIX.length(), parameter.length() - SUFFIX.length()))
                : Optional.empty();
    }

    /** Whether the interface is paused by an approved change set now (read at each use, on every instance). */
    public boolean paused(String iface) {
        return PAUSABLE.containsKey(iface)
                && approved.value(parameter(iface))
                        .map(v -> v.strip().equals("true"))
                        .orElse(false);
    }
}
