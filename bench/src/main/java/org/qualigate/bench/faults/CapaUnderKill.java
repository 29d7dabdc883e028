package org.qualigate.bench.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.sandbox.jira.JiraSimulator;
import org.qualigate.sandbox.qms.QmsSimulator;
import org.qualigate.sandbox.qms.QualityObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fault suite's CAPA escalations: CAPAs in the QMS, each due ten days ago at its site and still open, so each is
 * owed three steps (a reminder, the owner's manager, QA leadership), each written first to the QMS (a comment under
 * the step's key, the escalation level) and then to Jira (one issue per CAPA, a comment per step). Jira answers late,
 * so a step is in the QMS and not yet in Jira for seconds, and the service is killed with {@code kill -9} then. Judged
 * from the side-effect logs of both after the suite has healed: every step's comment created once in the QMS and
 * posted once in Jira, one Jira issue per CAPA, the QMS at the last escalation level, one audit entry per step.
 */
final class CapaUnderKill {

    private static final Logger log = LoggerFactory.getLogger(CapaUnderKill.class);

    /** The steps a CAPA due ten days ago is owed, in the order they are written. */
    static final List<String> STEPS = List.of("REMINDER", "MANAGER", "QA_LEADERSHIP");

    private static final ZoneId SITE_ZONE = ZoneId.of("Europe/Zurich");

    /** One CAPA as created in the QMS. */
    private record Capa(String id, String name) {

        String qmsKey(String step) {
            return "QG-" + id + "-" + step;
        }

        String jiraMarker(String step) {
            return "[qualigate " + step.toLowerCase(Locale.ROOT) + " " + name + "]";
        }

        String label() {
            return "qg-capa-" + id.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where the steps stood by a side-effect log entry: in the QMS only, in Jira only, in both.
     *
     * @param qmsOnly steps whose QMS comment was written and whose Jira comment was not
     * @param jiraOnly steps whose Jira comment was posted and whose QMS comment was not
     */
    record Cut(int qmsOnly, int jiraOnly, int both, int owed) {

        /** The escalation was between the two systems: a step in one and not yet in the other. */
        boolean cut() {
            return qmsOnly + jiraOnly > 0;
        }

        boolean done() {
            return both == owed;
        }
    }

    /**
     * What the logs show after the run.
     *
     * @param doubled steps written more than once to a system, or CAPAs with more than one Jira issue
     * @param missing steps missing from a system, CAPAs with no Jira issue or below the last escalation level
     */
    record Check(
            int capas,
            int steps,
            int qmsComments,
            int jiraComments,
            int jiraIssues,
            int doubled,
            int missing,
            long audited,
            List<String> findings) {

        /** The rows of the report's CAPA table. */
        String markdown() {
            StringBuilder b = new StringBuilder(
                    "| CAPA escalations under `kill -9` mid-way (QMS and Jira simulators) | count |\n| --- | ---: |\n");
            b.append("| CAPAs / steps owed (reminder, manager, QA leadership) | ")
                    .append(capas)
                    .append(" / ")
                    .append(steps)
                    .append(" |\n");
            b.append("| step comments created in the QMS / posted in Jira | ")
                    .append(qmsComments)
                    .append(" / ")
                    .append(jiraComments)
                    .append(" |\n");
            b.append("| Jira issues created | ").append(jiraIssues).append(" |\n");
            b.append("| steps or issues written twice | ").append(doubled).append(" |\n");
            b.append("| steps, issues or escalation levels missing | ")
                    .append(missing)
                    .append(" |\n");
            b.append("| steps audited | ").append(audited).append(" |\n");
            findings.forEach(f -> b.append("| finding: ").append(f).append(" | |\n"));
            return b.toString();
        }

        boolean clean() {
            return doubled == 0
                    && missing == 0
                    && qmsComments == steps
                    && jiraComments == steps
                    && jiraIssues == capas
                    && audited == steps;
        }
    }

    private final List<Capa> capas;
    private final long baseline;
    private final String run;

    private CapaUnderKill(List<Capa> capas, long baseline, String run) {
        this.capas = capas;
        this.baseline = baseline;
        this.run = run;
    }

    /**
     * Creates the CAPAs in the QMS, with an owner whose manager is known, each due ten days ago at BSL, with Jira
     * answering {@code late} for the calls their steps make. Only now: the service pulls CAPAs from the QMS too, and one
     * pulled before Jira answers late would be escalated before the kill is waited for.
     */
    static CapaUnderKill seed(Sandbox sandbox, int count, Duration late) {
        // a step makes at most six calls to Jira (search, create, read the comments, comment, the transitions)
        sandbox.faults().inject(Fault.slow("jira", "*", late, count * STEPS.size() * 6));
        var records = sandbox.quality().records();
        String run = "FS";
        records.addUser("M" + run, "Manager " + run, "manager-" + run + "@plant.example", null);
        var owner = records.addUser("O" + run, "Owner " + run, "owner-" + run + "@plant.example", "M" + run);
        LocalDate due = LocalDate.now(SITE_ZONE).minusDays(10);
        JsonMapper json = JsonMapper.builder().build();
        List<Capa> capas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode fields = json.createObjectNode();
            fields.put(QualityObject.SITE, "BSL");
            fields.put(QualityObject.DESCRIPTION, "corrective action " + i + " of the fault suite");
            fields.put(QualityObject.OWNER, owner.id());
            fields.put(QualityObject.DUE_DATE, due.toString());
            fields.put(QualityObject.STATUS, "Opened");
            try {
                ObjectNode created = records.create(QualityObject.CAPA, fields);
                capas.add(new Capa(
                        created.path("Id").asString(), created.path("Name").asString()));
            } catch (Exception e) {
                throw new IllegalStateException("the QMS refused the suite's CAPA: " + e.getMessage(), e);
            }
        }
        return new CapaUnderKill(List.copyOf(capas), sandbox.sideEffects().latestSeq(), run);
    }

    /** The service's settings: the QMS's API and Jira, which CAPA escalation writes to. */
    static List<String> serviceArguments(Sandbox sandbox) {
        return List.of(
                "--qualigate.qms.base-url=" + sandbox.qmsBaseUri(),
                "--qualigate.qms.client-id=" + QmsSimulator.CLIENT_ID,
                "--qualigate.qms.client-secret=" + QmsSimulator.CLIENT_SECRET,
                "--qualigate.quality.jira.base-url=" + sandbox.quality().jiraBaseUri(),
                "--qualigate.quality.jira.email=" + JiraSimulator.EMAIL,
                "--qualigate.quality.jira.api-token=" + JiraSimulator.API_TOKEN,
                "--qualigate.quality.capa.leadership=qa-leadership@plant.example");
    }

    /** Announces every CAPA to the service, as the QMS sends its events. */
    void announce(SystemUnderTest sut) throws Exception {
        Instant at = Instant.now();
        LocalDate due = LocalDate.now(SITE_ZONE).minusDays(10);
        for (Capa c : capas) {
            ErpUnderKill.send(sut, "capa-" + c.id(), event(c, due, at));
        }
    }

    /** Where the steps stood by the side-effect log's entry {@code seq}. */
    Cut cutBy(Sandbox sandbox, long seq) {
        List<SideEffect> effects = sandbox.sideEffects().since(baseline).stream()
                .filter(e -> e.seq() <= seq)
                .toList();
        int qmsOnly = 0;
        int jiraOnly = 0;
        int both = 0;
        for (Capa c : capas) {
            for (String step : STEPS) {
                boolean qms = qmsComments(effects, c, step) > 0;
                boolean jira = jiraComments(effects, c, step) > 0;
                if (qms && jira) {
                    both++;
                } else if (qms) {
                    qmsOnly++;
                } else if (jira) {
                    jiraOnly++;
                }
            }
        }
        return new Cut(qmsOnly, jiraOnly, both, capas.size() * STEPS.size());
    }

    /** Where the steps stand now. */
    Cut now(Sandbox sandbox) {
        return cutBy(sandbox, Long.MAX_VALUE);
    }

    /** Waits until every step is in both systems and the service has recorded it. */
    boolean awaitSettled(SystemUnderTest sut, Duration timeout) throws Exception {
        return Patience.until(
                () -> now(sut.sandbox()).done() && audited(sut) >= capas.size() * STEPS.size(),
                timeout,
                Duration.ofMillis(250));
    }

    Check check(SystemUnderTest sut) {
        List<SideEffect> effects = sut.sandbox().sideEffects().since(baseline);
        List<String> findings = new ArrayList<>();
        int qmsComments = 0;
        int jiraComments = 0;
        int issues = 0;
        int doubled = 0;
        int missing = 0;
        for (Capa c : capas) {
            for (String step : STEPS) {
                long q = qmsComments(effects, c, step);
                long j = jiraComments(effects, c, step);
                qmsComments += (int) q;
                jiraComments += (int) j;
                if (q > 1 || j > 1) {
                    doubled++;
                    findings.add(c.name() + " " + step + ": " + q + " QMS comments, " + j + " Jira comments");
                } else if (q < 1 || j < 1) {
                    missing++;
                    findings.add(c.name() + " " + step + ": " + q + " QMS comments, " + j + " Jira comments");
                }
            }
            long created = effects.stream()
                    .filter(e -> e.target().equals("jira")
                            && e.operation().equals("issue.create")
                            && e.detail().contains(" " + c.label() + " "))
                    .count();
            issues += (int) created;
            if (created != 1) {
                if (created > 1) {
                    doubled++;
                } else {
                    missing++;
                }
                findings.add(c.name() + ": " + created + " Jira issues");
            }
            int level = sut.sandbox()
                    .quality()
                    .records()
                    .get(QualityObject.CAPA, c.id())
                    .map(r -> r.path(QualityObject.ESCALATION).asInt(0))
                    .orElse(0);
            if (level != 2) {
                missing++;
                findings.add(c.name() + ": escalation level " + level + " in the QMS, 2 wanted");
            }
        }
        long audited = audited(sut);
        log.info(
                "CAPA escalations under kill: {} QMS comments, {} Jira comments, {} issues, {} doubled, {} missing",
                qmsComments,
                jiraComments,
                issues,
                doubled,
                missing);
        return new Check(
                capas.size(),
                capas.size() * STEPS.size(),
                qmsComments,
                jiraComments,
                issues,
                doubled,
                missing,
                audited,
                findings.stream().limit(10).toList());
    }

    private long audited(SystemUnderTest sut) {
        return sut.count("SELECT count(*) FROM audit_event WHERE action IN ('quality.capa.reminded',"
                + " 'quality.capa.escalated') AND entity_type = 'capa' AND entity_id IN ("
                + String.join(
                        ", ", capas.stream().map(c -> "'" + c.name() + "'").toList()) + ")");
    }

    private static long qmsComments(List<SideEffect> effects, Capa c, String step) {
        return effects.stream()
                .filter(e -> e.target().equals("qms")
                        && e.operation().equals("record.create")
                        && e.resource().equals(QualityObject.CAPA_COMMENT.apiName())
                        && e.detail().endsWith(" " + c.qmsKey(step)))
                .count();
    }

    private static long jiraComments(List<SideEffect> effects, Capa c, String step) {
        return effects.stream()
                .filter(e -> e.target().equals("jira")
                        && e.operation().equals("issue.comment")
                        && e.detail().contains(c.jiraMarker(step)))
                .count();
    }

    private String event(Capa c, LocalDate due, Instant at) {
        return "{\"type\":\"capa.updated\",\"schemaVersion\":1,\"eventId\":\"evt_" + c.id()
                + "_opened\",\"occurredAt\":\"" + at + "\",\"source\":\"trackwise-digital\",\"recordId\":\"" + c.id()
                + "\",\"recordName\":\"" + c.name() + "\",\"lastModifiedAt\":\"" + at + "\",\"site\":\"BSL\","
                + "\"nonconformanceId\":null,\"nonconformanceName\":null,\"description\":\"corrective action\","
                + "\"ownerEmployeeId\":\"O" + run + "\",\"ownerEmail\":\"owner-" + run + "@plant.example\","
                + "\"managerEmployeeId\":\"M" + run + "\",\"managerEmail\":\"manager-" + run + "@plant.example\","
                + "\"dueDate\":\"" + due + "\",\"status\":\"Opened\",\"escalationLevel\":0,\"closedAt\":null}";
    }
}
