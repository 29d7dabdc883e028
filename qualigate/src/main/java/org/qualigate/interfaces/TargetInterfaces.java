package org.qualigate.interfaces;

import java.util.ArrayList;
import java.util.List;
import org.qualigate.delivery.DeliverySettings;
import org.qualigate.interfaces.InterfaceDocument.Direction;
import org.qualigate.interfaces.InterfaceDocument.Watch;

/** The interfaces that keep people's access and training right: each access target (MES), the QMS training sync. */
final class TargetInterfaces {

    private static final String ROLES_OWNER = "MES system owner, with QA for the access rules";

    private TargetInterfaces() {}

    static List<InterfaceDocument> of(Configured c, DeliverySettings delivery, int maxAttempts) {
        List<InterfaceDocument> all = new ArrayList<>();
        for (String target : c.names("qualigate.targets")) {
            all.add(target(c, delivery, maxAttempts, target));
        }
        all.add(qmsTraining(c));
        all.add(scheduling(c));
        return all;
    }

    private static InterfaceDocument target(Configured c, DeliverySettings delivery, int maxAttempts, String name) {
        String key = "qualigate.targets." + name;
        String type = c.text(key + ".type", "scim");
        boolean scim = type.equals("scim");
        return new InterfaceDocument(
                name,
                "MES roles in " + name + " (" + type + ")",
                scim ? "MES (SCIM 2.0 server)" : "MES (" + type + ")",
                Direction.OUTBOUND,
                scim ? "SCIM 2.0 (RFC 7643/7644) over HTTPS, JSON" : type + " security API over HTTPS, JSON",
                c.endpoint(key + ".base-url", ""),
                authentication(c, key),
                scim
                        ? "Users found by " + c.text(key + ".match-attribute", "userName")
                                + "; group membership changed with PATCH add/remove members"
                                + (c.text(key + ".if-match", "false").equals("true") ? " and If-Match" : "")
                        : "Role assignments per person",
                "Level-triggered: the worker reads the desired state and the target's actual state and applies the "
                        + "difference, so a retry or a repeat changes nothing twice. 412 is re-read and retried; 429 "
                        + "and 503 wait for Retry-After; a permanent refusal (unknown user) is a dead letter at once. "
                        + "A circuit breaker opens at " + c.number(key + ".circuit-breaker.failure-rate-threshold", 50)
                        + " % failures of the last " + c.number(key + ".circuit-breaker.sliding-window", 50)
                        + " calls; at most " + c.text(key + ".rate-limit-per-second", "200") + " calls per second.",
                "Exponential backoff with jitter from " + Configured.duration(delivery.backoffInitial()) + " up to "
                        + Configured.duration(delivery.backoffMax()) + ", at most "
                        + Configured.duration(delivery.backoffMaxHealthy()) + " while the breaker is closed; "
                        + maxAttempts + " attempts (run-time parameter delivery.max-attempts).",
                "After the last attempt, or at once when permanent: GET /api/v1/dead-letters, replayed by an operator "
                        + "(POST /api/v1/dead-letters/{id}/replay); nothing is lost while the target is down.",
                "Delivery health turns DEGRADED and the alert recipients are e-mailed once per change; the "
                        + "reconciliation (" + c.text(key + ".reconciliation", "enforce") + " mode, every "
                        + Configured.duration(
                                c.duration("qualigate.reconciliation.interval", java.time.Duration.ofHours(1)))
                        + ") corrects or reports drift.",
                "A change applied within "
                        + Configured.duration(
                                c.duration("qualigate.monitoring.max-latency", java.time.Duration.ofMinutes(5)))
                        + " (p99 webhook to applied; the oldest waiting change likewise).",
                ROLES_OWNER,
                c.present(key + ".base-url"),
                false,
                new Watch(
                        List.of("role.granted", "role.revoked"), List.of("delivery.dead-lettered"), name, null, null));
    }

    /** The kind of credential a target is configured with; never a value. */
    private static String authentication(Configured c, String key) {
        String type = c.text(key + ".authentication.type", "bearer");
        String kind = switch (type) {
            case "basic" -> "HTTP Basic (user name and password from configuration)";
            case "oauth-client-credentials" ->
                "OAuth 2.0 client credentials (token URL " + c.endpoint(key + ".authentication.token-url", "") + ")";
            case "none" -> "None";
            default -> "Static bearer token from configuration";
        };
        return c.present(key + ".authentication.key-store") ? kind + "; TLS client certificate" : kind;
    }

    private static InterfaceDocument qmsTraining(Configured c) {
        return new InterfaceDocument(
                "qms-training",
                "Training records in the QMS",
                "QMS (TrackWise Digital on Salesforce)",
                Direction.BOTH,
                "Salesforce REST API v" + c.text("qualigate.qms.api-version", "60.0") + " over HTTPS, JSON",
                c.endpoint("qualigate.qms.base-url", "/services/data/v" + c.text("qualigate.qms.api-version", "60.0")),
                "OAuth 2.0 client credentials (client id and secret from configuration); an expired session "
                        + "(401 INVALID_SESSION_ID) is refreshed and the call retried once",
                "Training records upserted by external id (PATCH …/sobjects/{object}/{externalIdField}/{value}); records "
                        + "owned by " + String.join(", ", c.list("qualigate.qms.owners")) + " are never written",
                "Level-triggered per person; a record the QMS refuses goes to the review list with its reason. An "
                        + "exhausted API limit (403 REQUEST_LIMIT_EXCEEDED) pauses all calls for "
                        + Configured.duration(c.duration("qualigate.qms.limit-wait", java.time.Duration.ofMinutes(15)))
                        + ".",
                "Backoff from "
                        + Configured.duration(
                                c.duration("qualigate.training.backoff-initial", java.time.Duration.ofSeconds(2)))
                        + " up to "
                        + Configured.duration(
                                c.duration("qualigate.training.backoff-max", java.time.Duration.ofMinutes(15)))
                        + ", " + c.number("qualigate.training.max-attempts", 30) + " attempts.",
                "Given up records: GET /api/v1/review/training-records, replayed by an operator; conflicts with the "
                        + "HRIS: GET /api/v1/qms/conflicts, resolved by QA under signature.",
                "The target pause is audited (target.paused); the nightly reconciliation reports differences.",
                "In step within the worker's next turn (poll every "
                        + Configured.duration(
                                c.duration("qualigate.training.poll-interval", java.time.Duration.ofSeconds(1)))
                        + "); reconciled nightly.",
                "QMS system owner (Quality), with HR for the HRIS records",
                c.present("qualigate.qms.base-url"),
                false,
                Watch.audited(
                        List.of("training-record.synced"),
                        List.of("training-record.failed", "training-record.rejected")));
    }

    private static InterfaceDocument scheduling(Configured c) {
        return new InterfaceDocument(
                "scheduling",
                "Shifts and work orders from the scheduling system",
                "Scheduling system (FactoryTalk-style)",
                Direction.INBOUND,
                "HTTPS GET, JSON",
                c.endpoint("qualigate.scheduling.base-url", ""),
                "Static bearer token from configuration",
                "A person's current shift and active work orders, read when a revocation is planned",
                "A revocation of a person on shift or holding an active work order is deferred to the shift's end "
                        + "(at most "
                        + Configured.duration(
                                c.duration("qualigate.access.max-deferral", java.time.Duration.ofHours(12)))
                        + "); when the system cannot be read it is asked again after "
                        + Configured.duration(
                                c.duration("qualigate.access.deferral-recheck", java.time.Duration.ofMinutes(15)))
                        + ".",
                "Read again after "
                        + Configured.duration(
                                c.duration("qualigate.access.deferral-recheck", java.time.Duration.ofMinutes(15)))
                        + "; request timeout "
                        + Configured.duration(
                                c.duration("qualigate.scheduling.request-timeout", java.time.Duration.ofSeconds(5)))
                        + ".",
                "None: a deferral never outlasts its bound, so an unreadable schedule delays a revocation by at most "
                        + "that bound.",
                "Deferred revocations are listed (GET /api/v1/deferrals) and audited.",
                "Answered within the request timeout.",
                "Production planning, with QA for the deferral bound",
                c.present("qualigate.scheduling.base-url"),
                false,
                Watch.audited(List.of(), List.of()));
    }
}
