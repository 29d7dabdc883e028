package org.qualigate.interfaces;

import java.time.Duration;
import java.util.List;
import org.qualigate.interfaces.InterfaceDocument.Backlog;
import org.qualigate.interfaces.InterfaceDocument.Direction;
import org.qualigate.interfaces.InterfaceDocument.Watch;
import org.qualigate.quality.QualityView;
import org.qualigate.settings.InterfacePauses;

/**
 * The quality interfaces: the QMS's quality events in, the ERP's stock blocking, the task tool of CAPA escalations,
 * the regulatory store of recalls, and the maintenance system's calibrations.
 */
final class QualityInterfaces {

    private static final String QA = "Quality Assurance (QA operations)";
    private static final String BACKOFF =
            "Exponential backoff with jitter from %s up to %s; 429 and 503 wait for " + "Retry-After.";

    private QualityInterfaces() {}

    static List<InterfaceDocument> of(Configured c, QualityView quality) {
        String backoff = String.format(
                BACKOFF,
                Configured.duration(c.duration("qualigate.quality.backoff-initial", Duration.ofSeconds(5))),
                Configured.duration(c.duration("qualigate.quality.backoff-max", Duration.ofMinutes(5))));
        return List.of(
                feed(c, quality), erp(c, quality, backoff), taskTool(c, backoff), regulatory(c, backoff), maximo(c));
    }

    private static InterfaceDocument feed(Configured c, QualityView quality) {
        String source = quality.hook().source();
        return new InterfaceDocument(
                "qms-quality-feed",
                "Quality events from the QMS (non-conformances, CAPAs, recalls, equipment)",
                "QMS (TrackWise Digital)",
                Direction.INBOUND,
                "HTTPS POST, JSON (Standard Webhooks 1.0), and an incremental pull over Salesforce REST",
                "POST /api/v1/hooks/" + source + "; pull from " + c.endpoint("qualigate.qms.base-url", ""),
                "Standard Webhooks 1.0 HMAC-SHA256 signature ("
                        + quality.hook().secrets().size()
                        + " secret(s) in rotation); the pull uses the QMS's OAuth 2.0 client credentials",
                "nonconformance v1 and v2 (v1 upcast), capa v1, recall v1, equipment v1 — JSON Schemas in "
                        + "quality-events/ validated on intake; an unknown version is kept for review",
                "A bad signature: 401, nothing stored. A body failing its schema: 400 application/problem+json naming "
                        + "the field, the event kept for review. Stored before it is acknowledged, de-duplicated by "
                        + "record id and version.",
                "The QMS retries a webhook; the pull runs every "
                        + Configured.duration(c.duration("qualigate.quality.pull.interval", Duration.ofMinutes(1)))
                        + " with an overlap of "
                        + Configured.duration(c.duration("qualigate.quality.pull.overlap", Duration.ofMinutes(1)))
                        + ".",
                "Set-aside quality events: the quality page's review list, never dropped.",
                "QA reviews the set-aside list on /quality.",
                "Acknowledged after commit; see erp-blocking for the service level of the blocking.",
                QA,
                quality.configured() && !quality.hook().secrets().isEmpty(),
                false,
                Watch.audited(
                        List.of("quality.nonconformance.recorded", "quality.capa.recorded", "quality.recall.recorded"),
                        List.of()));
    }

    private static InterfaceDocument erp(Configured c, QualityView quality, String backoff) {
        return new InterfaceDocument(
                "erp-blocking",
                "Batch stock blocked and released in the ERP",
                "ERP (SAP S/4HANA)",
                Direction.OUTBOUND,
                "OData v2 over HTTPS: API_MATERIAL_DOCUMENT_SRV (movement types 344 / 343), API_MATERIAL_STOCK_SRV",
                c.endpoint("qualigate.quality.erp.base-url", "/API_MATERIAL_DOCUMENT_SRV"),
                "HTTP Basic (communication user from configuration); a CSRF token fetched before each POST",
                "Material document with one item per movement; the header text names the non-conformance, so a "
                        + "posting left by a lost answer is found before anything is posted again",
                "Level-triggered per batch: the stock is read before every posting and only the difference is "
                        + "posted; an intent is recorded before the call. A batch the ERP does not know is parked with "
                        + "the reason and checked again every "
                        + Configured.duration(c.duration("qualigate.quality.recheck-parked", Duration.ofMinutes(5)))
                        + ".",
                backoff,
                "Parked batches: GET /api/v1/quality/batches?parked=true and the quality page; never dropped.",
                "A breach of the service level is shown on the dashboard and on /quality; QA follows the parked list.",
                "Blocked within " + Configured.duration(quality.slaSettings().blockWithin()) + " of the NC raised, "
                        + "released within "
                        + Configured.duration(quality.slaSettings().releaseWithin())
                        + " of its closure with release.",
                QA + ", with the ERP system owner",
                quality.configured(),
                false,
                new Watch(
                        List.of("quality.batch.blocked", "quality.batch.unblocked"),
                        List.of("quality.batch.parked"),
                        null,
                        Backlog.ERP_BATCHES,
                        "erp-block"));
    }

    private static InterfaceDocument taskTool(Configured c, String backoff) {
        return new InterfaceDocument(
                "task-tool",
                "CAPA escalations in the task tool",
                "Task tool (Jira Cloud)",
                Direction.OUTBOUND,
                "Jira Cloud REST API v3 over HTTPS, JSON",
                c.endpoint("qualigate.quality.jira.base-url", "/rest/api/3"),
                "HTTP Basic with the account's e-mail and an API token from configuration",
                "One issue per CAPA (project " + c.text("qualigate.quality.jira.project", "QA") + ", type "
                        + c.text("qualigate.quality.jira.issue-type", "Task")
                        + "), found by its label; a comment per escalation step; transitions to In Progress and Done",
                "Level-triggered per CAPA: each step is written to the QMS and the task tool only when not there yet "
                        + "(found by its key and marker), then recorded once, so a retry writes nothing twice.",
                backoff,
                "None: a CAPA whose step keeps failing stays due with its last error (GET /api/v1/quality/capas).",
                "The CAPA's owner is reminded "
                        + c.number("qualigate.quality.capa.reminder-days", 3) + " days before it is due, the owner's "
                        + "manager at the due date, " + c.text("qualigate.quality.capa.leadership", "QA leadership")
                        + " 7 days after it.",
                "Each step on the day it comes due, at the CAPA's site.",
                QA,
                c.present("qualigate.quality.jira.base-url"),
                InterfacePauses.PAUSABLE.containsKey("task-tool"),
                new Watch(
                        List.of("quality.capa.reminded", "quality.capa.escalated", "quality.capa.task-closed"),
                        List.of(),
                        null,
                        Backlog.CAPA_CHECKS,
                        null));
    }

    private static InterfaceDocument regulatory(Configured c, String backoff) {
        return new InterfaceDocument(
                "regulatory-store",
                "Recalls reported to the regulatory reporting store",
                "Regulatory reporting store",
                Direction.OUTBOUND,
                "HTTPS REST, JSON; errors as RFC 9457 problem details",
                c.endpoint("qualigate.quality.regulatory.base-url", "/recall-reports"),
                "Static bearer token from configuration",
                "One recall report per recall, POST /recall-reports with an Idempotency-Key header (a lost answer "
                        + "is found by that key); POST /recall-reports/{id}/withdrawal on cancellation",
                "A step of the recall saga: retried until done; its progress is shown per step (done, waiting, "
                        + "failed with reason and attempts).",
                backoff,
                "Failed steps stay on the recall's page with their reason, retried; never dropped.",
                "QA follows the recall's page /quality/recalls/{id}.",
                "Reported with the recall's first run; no separate service level is measured.",
                QA + " (regulatory affairs)",
                c.present("qualigate.quality.regulatory.base-url"),
                false,
                Watch.audited(List.of("quality.recall.reported", "quality.recall.report-withdrawn"), List.of()));
    }

    private static InterfaceDocument maximo(Configured c) {
        return new InterfaceDocument(
                "maximo-calibration",
                "Equipment calibration status from the maintenance system",
                "Maintenance system (IBM Maximo)",
                Direction.BOTH,
                "Maximo REST/JSON API (object structure "
                        + c.text("qualigate.calibration.maximo.object-structure", "mxapiasset") + ") over HTTPS",
                c.endpoint(
                        "qualigate.calibration.maximo.base-url",
                        "/api/os/" + c.text("qualigate.calibration.maximo.object-structure", "mxapiasset")),
                "API key (the apikey header) from configuration",
                "Assets with calibration due dates and status, "
                        + c.number("qualigate.calibration.maximo.page-size", 100) + " per page; a QA resolution "
                        + "writes the correction back",
                "A failed comparison is audited (calibration.comparison-failed) and tried at the next interval; an "
                        + "unreadable record is listed with its reason.",
                "Compared every "
                        + Configured.duration(
                                c.duration("qualigate.calibration.compare-interval", Duration.ofMinutes(15)))
                        + "; a correction waits for Retry-After or the one backoff.",
                "Unreadable records: GET /api/v1/calibration/unreadable.",
                "Differences go to the calibration conflict queue, resolved by QA under signature.",
                "Compared every "
                        + Configured.duration(
                                c.duration("qualigate.calibration.compare-interval", Duration.ofMinutes(15)))
                        + ".",
                "Maintenance (metrology), with QA for the conflicts",
                c.present("qualigate.calibration.maximo.base-url"),
                false,
                Watch.audited(List.of("calibration.compared"), List.of("calibration.comparison-failed")));
    }
}
