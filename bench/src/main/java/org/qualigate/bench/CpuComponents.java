package org.qualigate.bench;

import java.util.List;
import java.util.Map;

/**
 * Which component of the webhook path a CPU sample's stack belongs to, finer than {@link ServiceProfile#STAGES}:
 * the first component, in the order below, with a frame on the stack that starts with one of its markers. Code
 * that every stage calls comes first (the JDBC driver, Spring's JDBC and transaction code, the audit trail, the
 * signature's MAC, JSON), so that a sample in the driver under planning counts as the driver; the stages of the path
 * follow, planning split into its parts. Frames are {@code class.method}.
 */
final class CpuComponents {

    static final String OTHER = "other Java code (Spring, servlet, JDK, ...)";

    static final List<Map.Entry<String, List<String>>> COMPONENTS = List.of(
            Map.entry("reports (scheduled, not caused by the webhooks)", List.of("org.qualigate.report.")),
            Map.entry("JDBC driver (encode, decode, socket)", List.of("org.postgresql.")),
            Map.entry(
                    "Spring JDBC, transactions and the connection pool",
                    List.of(
                            "org.springframework.jdbc.",
                            "org.springframework.transaction.",
                            "org.springframework.dao.",
                            "com.zaxxer.hikari.")),
            Map.entry("audit sealer (after commit: chaining and hashing)", List.of("org.qualigate.audit.AuditSealer.")),
            Map.entry("audit entries and their hashing", List.of("org.qualigate.audit.")),
            Map.entry(
                    "signature check (HMAC)",
                    List.of(
                            "org.qualigate.intake.WebhookSignature.",
                            "org.qualigate.text.WebhookMac.",
                            "javax.crypto.",
                            "com.sun.crypto.provider.")),
            Map.entry("JSON parsing and mapping", List.of("tools.jackson.", "com.fasterxml.jackson.")),
            Map.entry(
                    "validation (reading and checking the event's fields)",
                    List.of(
                            "org.qualigate.intake.EventBody.",
                            "org.qualigate.intake.EventFields.",
                            "org.qualigate.intake.EventDates.",
                            "org.qualigate.intake.QualificationEventReader.",
                            "org.qualigate.intake.InvalidEvent.",
                            "org.qualigate.intake.RecordText.",
                            "jakarta.validation.",
                            "org.hibernate.validator.")),
            Map.entry("storing the inbound rows", List.of("org.qualigate.intake.InboundRows.")),
            Map.entry("ledger apply", List.of("org.qualigate.ledger.")),
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
            Map.entry("planning: work items", List.of("org.qualigate.access.DeliveryRequests.")),
            Map.entry(
                    "planning: policy evaluation",
                    List.of("org.qualigate.policy.", "org.qualigate.access.PlannedAccess.")),
            Map.entry("planning: other (locks, reads, overrides)", List.of("org.qualigate.access.")),
            Map.entry("committer: other", List.of("org.qualigate.intake.IntakeCommitter.")),
            Map.entry("delivery", List.of("org.qualigate.delivery.")),
            Map.entry(
                    "webhook filter (body, answer) and the rest of the intake",
                    List.of("org.qualigate.web.StandardWebhook", "org.qualigate.intake.")),
            Map.entry(
                    "HTTP server, security and observation filters",
                    List.of(
                            "org.apache.tomcat.",
                            "org.apache.coyote.",
                            "org.apache.catalina.",
                            "org.eclipse.jetty.",
                            "io.undertow.",
                            "org.springframework.security.",
                            "org.springframework.web.",
                            "io.micrometer.",
                            "org.qualigate.web.",
                            "org.qualigate.monitoring.")),
            Map.entry("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")));

    private CpuComponents() {}

    /** The component of {@link #COMPONENTS} the stack belongs to, else {@link #OTHER}; an empty stack is other. */
    static String of(List<String> frames) {
        for (Map.Entry<String, List<String>> component : COMPONENTS) {
            for (String frame : frames) {
                for (String marker : component.getValue()) {
                    if (frame.startsWith(marker)) {
                        return component.getKey();
                    }
                }
            }
        }
        return OTHER;
    }
}
