package org.qualigate.interfaces;

import java.util.ArrayList;
import java.util.List;
import org.qualigate.intake.PullSettings;
import org.qualigate.interfaces.InterfaceDocument.Direction;
import org.qualigate.interfaces.InterfaceDocument.Watch;

/** The HRIS interfaces: each signed webhook source, the Workday and SuccessFactors pulls, the HRIS directory. */
final class HrisInterfaces {

    static final String OWNER = "HR systems owner (HRIS), with QA for the dictionary mappings";

    private static final List<String> INTAKE_FAILED =
            List.of("event.rejected", "event.parked", "event.quarantined", "webhook.refused");
    /** A source's records applied to the ledger, audited under the actor {@code source:<name>}. */
    private static final List<String> RECORDS_HANDLED =
            List.of("qualification.recorded", "qualification.updated", "qualification.revoked");

    private static final String SET_ASIDE = "Authentic events that cannot be used (unknown employee, unmapped "
            + "certification, failing validation) are kept in the review queue with their reason "
            + "(GET /api/v1/review/events, page /review), never dropped; an operator reprocesses or acknowledges them.";
    private static final String ESCALATION = "A source that keeps refusing signatures or failing is e-mailed to the "
            + "alert recipients (monitoring.alert-recipients), once per change of state; set-aside events wait on the "
            + "review page for the HR systems owner.";

    private HrisInterfaces() {}

    static List<InterfaceDocument> of(Configured c, PullSettings pulls) {
        List<InterfaceDocument> all = new ArrayList<>();
        for (String source : c.names("qualigate.sources")) {
            // a source named only for its dictionary is a pull, documented below with its protocol
            if (source.equals("hris")
                    || source.equals("workday")
                    || !c.list(secrets(source)).isEmpty()) {
                all.add(webhook(c, source));
            }
        }
        all.add(workdayPull(c, pulls));
        all.add(successFactorsPull(c, pulls));
        all.add(directory(c));
        return all;
    }

    private static InterfaceDocument webhook(Configured c, String source) {
        boolean workday = source.equals("workday");
        int secrets = c.list(secrets(source)).size();
        String auth = workday
                ? "HTTP Basic (Workday outbound subscription user, qualigate.workday.outbound.*)"
                : "Standard Webhooks 1.0 HMAC-SHA256 signature, " + secrets
                        + " secret(s) in rotation, ±5 min tolerance";
        return new InterfaceDocument(
                "hook-" + source,
                "Qualifications from " + source + " (webhook)",
                workday ? "Workday" : "HRIS (" + source + ")",
                Direction.INBOUND,
                workday ? "HTTPS POST, Workday outbound message (XML)" : "HTTPS POST, JSON (Standard Webhooks 1.0)",
                "POST /api/v1/hooks/" + source,
                auth,
                workday
                        ? "Workday outbound event notification, Human_Resources "
                                + c.text("qualigate.workday.version", "v42.0")
                        : "certification.completed / .updated / .revoked, generic JSON v1 (CONTRACT.md), dictionary "
                                + c.text("qualigate.sources." + source + ".dictionary", source),
                "Bad or stale signature: 401, nothing stored. Malformed or unusable body: 4xx application/problem+json "
                        + "naming the field; the raw body and event are committed before the 202, a repeated "
                        + "webhook-id answers 200 duplicate with no second effect.",
                "The sender retries; Qualigate answers 503 with Retry-After when its intake is full.",
                SET_ASIDE,
                ESCALATION,
                "Acknowledged after commit; planned and delivered to the targets by the delivery SLA.",
                OWNER,
                workday ? c.present("qualigate.workday.outbound.username") : secrets > 0,
                false,
                Watch.audited(List.of("source:" + source), RECORDS_HANDLED, INTAKE_FAILED));
    }

    private static String secrets(String source) {
        return "qualigate.sources." + source + ".secrets";
    }

    private static InterfaceDocument workdayPull(Configured c, PullSettings pulls) {
        return new InterfaceDocument(
                "workday-pull",
                "Workers and certifications pulled from Workday",
                "Workday",
                Direction.INBOUND,
                "SOAP 1.1 over HTTPS, Workday Web Services Get_Workers (and the RaaS completions report)",
                c.endpoint(
                        "qualigate.workday.base-url",
                        "/ccx/service/" + c.text("qualigate.workday.tenant", "?") + "/Human_Resources/"
                                + c.text("qualigate.workday.version", "v42.0")),
                "WS-Security UsernameToken (user@tenant), password from configuration",
                "Get_Workers with Include_Qualifications, urn:com.workday/bsvc "
                        + c.text("qualigate.workday.version", "v42.0") + ", "
                        + c.number("qualigate.workday.page-size", 100) + " per page",
                "A SOAP fault (HTTP 500) fails the window; it is read again, overlapping the last by "
                        + Configured.duration(pulls.overlap()) + ". A bad record is set aside; the run goes on.",
                "Every " + Configured.duration(pulls.interval()) + "; after a failure again after "
                        + Configured.duration(pulls.retryAfterFailure()) + ".",
                SET_ASIDE,
                ESCALATION,
                "Read every " + Configured.duration(pulls.interval()) + " (window lag "
                        + Configured.duration(pulls.lag()) + ").",
                OWNER,
                c.present("qualigate.workday.base-url"),
                false,
                Watch.audited(List.of("source:workday", "source:workday-raas"), RECORDS_HANDLED, INTAKE_FAILED));
    }

    private static InterfaceDocument successFactorsPull(Configured c, PullSettings pulls) {
        return new InterfaceDocument(
                "successfactors-pull",
                "Learning history pulled from SAP SuccessFactors",
                "SAP SuccessFactors",
                Direction.INBOUND,
                "OData v2 over HTTPS (User, learning history)",
                c.endpoint("qualigate.successfactors.base-url", "/odata/v2"),
                c.present("qualigate.successfactors.learning-auth.client-id")
                        ? "OAuth 2.0 token of the Learning API (client id and secret, acting for a Learning user)"
                        : "HTTP Basic or an OAuth bearer token (username@companyId)",
                "User and learning history records, paging=snapshot, lastModifiedDateTime in /Date(…)/",
                "429 waits for Retry-After (at most " + c.number("qualigate.successfactors.max-retries", 3)
                        + " retries); a failed window is read again with an overlap of "
                        + Configured.duration(pulls.overlap()) + ".",
                "Every " + Configured.duration(pulls.interval()) + ".",
                SET_ASIDE,
                ESCALATION,
                "Read every " + Configured.duration(pulls.interval()) + ".",
                OWNER,
                c.present("qualigate.successfactors.base-url"),
                false,
                Watch.audited(List.of("source:successfactors"), RECORDS_HANDLED, INTAKE_FAILED));
    }

    private static InterfaceDocument directory(Configured c) {
        return new InterfaceDocument(
                "hris-directory",
                "People directory (site, supervisor, e-mail, status)",
                "HRIS directory",
                Direction.INBOUND,
                "HTTPS GET, JSON",
                c.endpoint("qualigate.hris-directory.url", ""),
                "None beyond TLS (a read-only directory export)",
                "Person records: employee id, site, supervisor, e-mail, status",
                "An unreadable directory leaves the people as they were and is audited (directory.unavailable).",
                "Every "
                        + Configured.duration(
                                c.duration("qualigate.hris-directory.sync-interval", java.time.Duration.ofMinutes(15)))
                        + ".",
                "None: the next read brings the directory again.",
                ESCALATION,
                "Read every "
                        + Configured.duration(
                                c.duration("qualigate.hris-directory.sync-interval", java.time.Duration.ofMinutes(15)))
                        + ".",
                OWNER,
                c.present("qualigate.hris-directory.url"),
                false,
                // a read is audited only when its state changes; what it handled are the people it created or changed
                Watch.audited(List.of("person.created", "person.updated"), List.of("directory.unavailable")));
    }
}
