package org.qualigate.bench;

import java.util.List;
import java.util.Map;

/**
 * Which component of the webhook path a CPU sample's stack belongs to, finer than {@link ServiceProfile#STAGES}.
 * The stack is read from its top (the running frame) down: the first frame that is either shared code ({@link #SHARED}:
 * the JDBC driver, Spring's JDBC and transaction code, JSON, the HTTP server and its filters, logging) or Qualigate's
 * own decides. Shared code names the component itself (with {@link #SOCKET} when the running frame is a socket's system
 * call: a round trip's cost in the kernel, apart from encoding and decoding), so the driver's work under planning counts as the driver; the
 * JDK's frames (collections, strings) count for whoever called them. A Qualigate frame hands the stack to
 * {@link #STEPS}: the first step, in their order, with a frame anywhere on the stack that starts with one of its
 * markers, so a record read for planning counts as planning and an audit entry as audit wherever it was written.
 * Frames are {@code class.method}.
 */
final class CpuComponents {

    static final String OTHER = "other (JDK only: schedulers, clients, start-up)";

    /** Appended to a shared component whose sample's running frame is a socket's system call (send, receive, poll). */
    static final String SOCKET = ": socket system calls";

    /** The running frames of a socket's system calls, as the JDK names them. */
    private static final List<String> SOCKET_FRAMES = List.of(
            "sun.nio.ch.SocketDispatcher.", "sun.nio.ch.Net.poll", "sun.nio.ch.NioSocketImpl.", "java.net.Socket");

    /** Code every step calls: it names the sample when it is nearer the top of the stack than any Qualigate frame. */
    static final List<Map.Entry<String, List<String>>> SHARED = List.of(
            Map.entry("JDBC driver (encode, decode, socket)", List.of("org.postgresql.")),
            Map.entry(
                    "Spring JDBC, transactions and the connection pool",
                    List.of(
                            "org.springframework.jdbc.",
                            "org.springframework.transaction.",
                            "org.springframework.dao.",
                            "com.zaxxer.hikari.")),
            Map.entry("JSON parsing and mapping", List.of("tools.jackson.", "com.fasterxml.jackson.")),
            Map.entry(
                    "HTTP server, security and observation filters",
                    List.of(
                            "org.apache.tomcat.",
                            "org.apache.coyote.",
                            "org.apache.catalina.",
                            "org.springframework.security.",
                            "org.springframework.web.",
                            "org.springframework.http.",
                            "io.micrometer.",
                            "io.opentelemetry.",
                            "jakarta.servlet.")),
            Map.entry("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")));

    /** The steps of Qualigate's own work, tried in order over the whole stack. */
    static final List<Map.Entry<String, List<String>>> STEPS = List.of(
            Map.entry("reports (scheduled, not caused by the webhooks)", List.of("org.qualigate.report.")),
            Map.entry("audit sealer (after commit: chaining and hashing)", List.of("org.qualigate.audit.AuditSealer.")),
            Map.entry("audit entries and their hashing", List.of("org.qualigate.audit.")),
            Map.entry(
                    "signature check (HMAC)",
                    List.of("org.qualigate.intake.WebhookSignature.", "org.qualigate.text.WebhookMac.")),
            Map.entry(
                    "validation (reading and checking the event's fields)",
                    List.of(
                            "org.qualigate.intake.EventBody.",
                            "org.qualigate.intake.EventFields.",
                            "org.qualigate.intake.EventDates.",
                            "org.qualigate.intake.QualificationEventReader.",
                            "org.qualigate.intake.InvalidEvent.",
                            "org.qualigate.intake.RecordText.")),
            Map.entry(
                    "planning: timers and notices",
                    List.of(
                            "org.qualigate.access.AccessPlanner.plan",
                            "org.qualigate.access.Notices.",
                            "org.qualigate.access.NoticeDays.",
                            "org.qualigate.access.internal.AccessTimers")),
            Map.entry(
                    "planning: projection update",
                    List.of(
                            "org.qualigate.access.EntitlementProjection.",
                            "org.qualigate.access.EntitlementRows.",
                            "org.qualigate.access.EntitlementRowStore.",
                            "org.qualigate.access.EntitlementInterval.")),
            Map.entry(
                    "planning: work items",
                    List.of("org.qualigate.access.DeliveryRequests.", "org.qualigate.delivery.WorkQueue.request")),
            Map.entry(
                    "planning: policy evaluation",
                    List.of("org.qualigate.policy.", "org.qualigate.access.PlannedAccess.")),
            Map.entry("planning: other (locks, reads, overrides)", List.of("org.qualigate.access.")),
            Map.entry("QMS training queue (written before commit)", List.of("org.qualigate.training.")),
            Map.entry("ledger apply", List.of("org.qualigate.ledger.")),
            Map.entry("storing the inbound rows", List.of("org.qualigate.intake.InboundRows.")),
            Map.entry(
                    "committer: grouping, ordering, answering",
                    List.of("org.qualigate.intake.IntakeCommitter.", "org.qualigate.intake.IntakeService.")),
            Map.entry("delivery", List.of("org.qualigate.delivery.")),
            Map.entry("trace steps", List.of("org.qualigate.trace.")),
            Map.entry(
                    "webhook filter (body, answer) and the rest of the request",
                    List.of("org.qualigate.web.", "org.qualigate.intake.")),
            Map.entry("other Qualigate code", List.of("org.qualigate.")));

    private CpuComponents() {}

    /** The component of the stack (frames from the top down); {@link #OTHER} when no frame is shared or Qualigate's. */
    static String of(List<String> frames) {
        for (String frame : frames) {
            String shared = matching(SHARED, frame);
            if (shared != null) {
                return startsWithAny(frames.getFirst(), SOCKET_FRAMES) ? shared + SOCKET : shared;
            }
            if (frame.startsWith("org.qualigate.")) {
                return step(frames);
            }
        }
        return OTHER;
    }

    /** Every component, shared code first, in the order {@link #of} tries them. */
    static int count() {
        return 2 * SHARED.size() + STEPS.size() + 1;
    }

    private static String step(List<String> frames) {
        for (Map.Entry<String, List<String>> step : STEPS) {
            for (String frame : frames) {
                if (startsWithAny(frame, step.getValue())) {
                    return step.getKey();
                }
            }
        }
        return OTHER;
    }

    private static @org.jspecify.annotations.Nullable String matching(
            List<Map.Entry<String, List<String>>> components, String frame) {
        for (Map.Entry<String, List<String>> c : components) {
            if (startsWithAny(frame, c.getValue())) {
                return c.getKey();
            }
        }
        return null;
    }

    private static boolean startsWithAny(String frame, List<String> markers) {
        for (String marker : markers) {
            if (frame.startsWith(marker)) {
                return true;
            }
        }
        return false;
    }
}
