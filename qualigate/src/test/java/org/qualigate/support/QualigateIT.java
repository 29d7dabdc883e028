package org.qualigate.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.qualigate.intake.DirectorySync;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.StandardWebhooks;
import org.qualigate.sandbox.workday.WorkdayTenant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the integration tests: the whole service on a random port, on the shared embedded PostgreSQL,
 * talking real HTTP to the shared sandbox, with a clock the test moves. Tests use fresh employee IDs,
 * so they never need to clean the database (whose audit trail cannot be cleaned anyway).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "qualigate.embedded-postgres.data-directory=",
            "qualigate.sources.hris.secrets=" + QualigateIT.SECRET,
            "qualigate.sources.hris.dictionary=workday",
            "qualigate.sources.csv.dictionary=workday",
            "qualigate.sources.scripted.dictionary=workday",
            "qualigate.security.users[0].username=" + QualigateIT.USER,
            "qualigate.security.users[0].password={noop}" + QualigateIT.PASSWORD,
            "qualigate.security.users[0].roles[0]=AUDITOR",
            "qualigate.security.users[1].username=plant-manager",
            "qualigate.security.users[1].password={noop}" + QualigateIT.PASSWORD,
            "qualigate.security.users[1].roles[0]=PLANT_MANAGER",
            "qualigate.security.users[2].username=second-manager",
            "qualigate.security.users[2].password={noop}" + QualigateIT.PASSWORD,
            "qualigate.security.users[2].roles[0]=PLANT_MANAGER",
            "qualigate.security.users[2].roles[1]=QA_APPROVER",
            "qualigate.security.users[3].username=qa-approver",
            "qualigate.security.users[3].password={noop}" + QualigateIT.PASSWORD,
            "qualigate.security.users[3].roles[0]=QA_APPROVER",
            "qualigate.security.users[4].username=admin",
            "qualigate.security.users[4].password={noop}" + QualigateIT.PASSWORD,
            "qualigate.security.users[4].roles[0]=ADMINISTRATOR",
            "qualigate.security.users[5].username=hr-editor",
            "qualigate.security.users[5].password={noop}" + QualigateIT.PASSWORD,
            "qualigate.security.users[5].roles[0]=HR_MAPPING_EDITOR",
            "qualigate.delivery.backoff-initial=PT0.2S",
            "qualigate.delivery.backoff-max=PT1S",
            "qualigate.hris-directory.sync-interval=PT24H",
            // tests reconcile on demand; a scheduled run would correct what other tests set up by hand
            "qualigate.reconciliation.scheduled=false",
            // tests check staffing on demand; a scheduled check would tell a supervisor of a shift (once per shift
            // and role) while another test's crew was rostered, before the test that asserts the e-mail
            "qualigate.staffing.initial-delay=PT24H",
            "qualigate.timers.poll-interval=PT0.1S",
            "qualigate.delivery.poll-interval=PT0.1S",
            "qualigate.targets.mes.request-timeout=PT2S",
            // tight resilience and monitoring, so that tests see breakers and alerts in seconds
            "qualigate.targets.mes.circuit-breaker.sliding-window=20",
            "qualigate.targets.mes.circuit-breaker.minimum-calls=20",
            "qualigate.targets.mes.circuit-breaker.wait-in-open=PT1S",
            "qualigate.targets.mes.circuit-breaker.half-open-calls=2",
            "qualigate.monitoring.window=PT5S",
            "qualigate.monitoring.min-attempts=5",
            "qualigate.monitoring.check-interval=PT0.3S",
            "qualigate.monitoring.max-seal-lag=PT5S",
            "qualigate.monitoring.alert-recipients=qa-operations@plant.example",
            // lockout alerts to their own mailbox, so they never sit among the delivery alerts
            "qualigate.identity.lockout-alert-recipients=security-officer@plant.example",
            "qualigate.monitoring.probe.employee-id=" + QualigateIT.PROBE,
            "qualigate.monitoring.probe.certification-id=WD-CERT-6001",
            "qualigate.monitoring.probe.role=BSL.QA.BATCH_REVIEWER",
            "qualigate.monitoring.probe.interval=PT24H",
            "qualigate.monitoring.probe.timeout=PT10S",
            "qualigate.sources.probe.dictionary=workday",
            "qualigate.sources.successfactors.dictionary=successfactors",
            "qualigate.qms.client-id=qualigate-sandbox",
            "qualigate.qms.client-secret=sandbox-qms-secret",
            "qualigate.qms.limit-wait=PT1S",
            "qualigate.training.poll-interval=PT0.1S",
            "qualigate.training.backoff-initial=PT0.2S",
            "qualigate.training.backoff-max=PT1S",
            // the quality module against the sandbox's S/4HANA; the pull runs only when a test calls it
            "qualigate.quality.erp.username=QUALIGATE_COMM",
            "qualigate.quality.erp.password=sandbox-erp-secret",
            "qualigate.quality.erp.request-timeout=PT2S",
            "qualigate.quality.hook.secrets=" + QualigateIT.SECRET,
            "qualigate.quality.poll-interval=PT0.1S",
            "qualigate.quality.backoff-initial=PT0.2S",
            "qualigate.quality.backoff-max=PT1S",
            "qualigate.quality.jira.email=qualigate@example.com",
            "qualigate.quality.jira.api-token=sandbox-jira-token",
            "qualigate.quality.capa.leadership=qa-leadership@plant.example",
            "qualigate.quality.jira.email=qualigate@example.com",
            "qualigate.quality.jira.api-token=sandbox-jira-token",
            "qualigate.quality.capa.leadership=qa-leadership@plant.example",
            "qualigate.quality.regulatory.token=sandbox-regulatory-token",
            "qualigate.quality.regulatory.request-timeout=PT2S",
            // outcomes sent as CloudEvents to the sandbox's sink (its URL below), signed, with a short timeout
            "qualigate.cloudevents.source=/qualigate/test-plant",
            "qualigate.cloudevents.bearer-token=sandbox-events-token",
            "qualigate.cloudevents.signing-secret=" + org.qualigate.sandbox.events.EventSink.SECRET,
            "qualigate.cloudevents.request-timeout=PT2S",
            "qualigate.quality.pull.interval=PT24H",
            "qualigate.quality.pull.initial-delay=PT24H",
            // calibration: compared and corrected only when a test asks
            "qualigate.calibration.maximo.api-key=sandbox-maximo-apikey",
            "qualigate.calibration.maximo.request-timeout=PT2S",
            "qualigate.calibration.initial-delay=PT24H"
        })
@org.springframework.context.annotation.Import(TestClockConfiguration.class)
public abstract class QualigateIT {

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String USER = "inspector";
    public static final String PASSWORD = "inspector-test-password";
    public static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
    /** The synthetic probe's person (created by the test that runs the probe). */
    public static final String PROBE = "QGPROBE01";

    protected static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final String RUN =
            Long.toString(System.nanoTime() % 100_000, 36).toUpperCase();

    @Autowired
    protected TestClock clock;

    @Autowired
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    private org.qualigate.intake.HrisPulls pulls;

    @Autowired
    protected DirectorySync directory;

    @Autowired
    private org.qualigate.audit.AuditSealer auditSealer;

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        Sandbox sandbox = SharedSandbox.get();
        registry.add(
                "qualigate.targets.mes.base-url", () -> sandbox.scimBaseUri().toString());
        registry.add("qualigate.targets.mes.bearer-token", () -> "sandbox-scim-token");
        registry.add("qualigate.hris-directory.url", () -> sandbox.baseUri().toString());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SharedMailSink::port);
        registry.add(
                "qualigate.scheduling.base-url",
                () -> sandbox.factoryTalkBaseUri().toString());
        registry.add("qualigate.scheduling.bearer-token", () -> "sandbox-scim-token");
        // The sandbox's Workday tenant: SOAP Get_Workers, the RaaS report and outbound messages.
        registry.add(
                "qualigate.workday.base-url", () -> sandbox.workdayBaseUri().toString());
        registry.add("qualigate.workday.tenant", () -> WorkdayTenant.TENANT);
        registry.add("qualigate.workday.username", () -> WorkdayTenant.INTEGRATION_USER);
        registry.add("qualigate.workday.password", () -> WorkdayTenant.PASSWORD);
        registry.add("qualigate.workday.report-path", () -> sandbox.workday().reportPath());
        registry.add("qualigate.workday.outbound.username", () -> WorkdayTenant.OUTBOUND_USER);
        registry.add("qualigate.workday.outbound.password", () -> WorkdayTenant.OUTBOUND_PASSWORD);
        registry.add("qualigate.sources.workday.dictionary", () -> "workday");
        registry.add("qualigate.sources.workday-raas.dictionary", () -> "workday");
        registry.add("qualigate.qms.base-url", () -> sandbox.qmsBaseUri().toString());
        registry.add(
                "qualigate.quality.erp.base-url",
                () -> sandbox.quality().erpBaseUri().toString());
        registry.add(
                "qualigate.quality.jira.base-url",
                () -> sandbox.quality().jiraBaseUri().toString());
        registry.add(
                "qualigate.quality.regulatory.base-url",
                () -> sandbox.quality().regulatoryBaseUri().toString());
        registry.add(
                "qualigate.cloudevents.sink-url",
                () -> sandbox.quality().eventSinkUri().toString());
        registry.add(
                "qualigate.calibration.maximo.base-url",
                () -> sandbox.quality().maximoBaseUri().toString());
    }

    /**
     * Seals the audit entries committed so far into the chain, for assertions that read {@code audit_event}
     * directly (the API's readers seal first by themselves).
     */
    protected void sealAuditTrail() {
        auditSealer.seal();
    }

    /**
     * {@code wanted}, or that time of day on the first day after every rules version and instrument calibration state
     * the tests before recorded with their own clocks. The projection's rebuild reads the rules and instruments in
     * force at each instant, as known then; a test that compares it with what the planner wrote therefore starts
     * after all of them, as it would on a real clock that never goes back.
     */
    protected Instant afterEverythingKnown(Instant wanted) {
        Instant latest = jdbc.sql("SELECT coalesce(greatest((SELECT max(loaded_at) FROM rules_version), "
                        + "(SELECT max(greatest(known_from, coalesce(known_to, known_from))) "
                        + "FROM instrument_calibration_version)), timestamptz 'epoch')")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        if (wanted.isAfter(latest)) {
            return wanted;
        }
        long days = java.time.Duration.between(wanted, latest).toDays() + 1;
        return wanted.plus(java.time.Duration.ofDays(days));
    }

    /**
     * Moves the clock forward to {@link #afterEverythingKnown} its instant (it stays where it is when that is already
     * after everything known) and answers where it was. A test puts rules in force on this clock, never on one set
     * back to a fixed date: a rules version recorded before another test's would be in force, at the instants in
     * between, in place of the one that test had approved, for every test that reads the rules in force at an
     * instant afterwards. The test may set the clock back to the instant answered to read what it asserts.
     */
    protected Instant clockAfterEverythingKnown() {
        Instant was = clock.instant();
        clock.set(afterEverythingKnown(was));
        return was;
    }

    /**
     * Sets the clock an hour after everything known ({@link #afterEverythingKnown} of {@code START}) and after the
     * QMS pull's watermark: the QMS's own records are pulled by last-modified time, so the records a test adds there
     * must lie after it, and the instrument cycles a test agrees are later than every earlier test's (decision 0077).
     */
    protected void clockAfterEverythingKnownAndTheQmsWatermark() {
        Instant watermark = jdbc.sql("SELECT max(watermark) FROM source_watermark WHERE source = 'qms'")
                .query(java.sql.Timestamp.class)
                .optional()
                .map(java.sql.Timestamp::toInstant)
                .orElse(START);
        Instant start = afterEverythingKnown(START);
        clock.set((start.isAfter(watermark) ? start : watermark).plus(java.time.Duration.ofHours(1)));
    }

    /**
     * A record the QMS owns (entered there by hand, last modified five minutes ago), pulled into the ledger; call
     * {@link #clockAfterEverythingKnownAndTheQmsWatermark} first so that the pull's window holds it.
     */
    protected void ownedByTheQms(String employeeId, String courseCode, LocalDate completed) {
        ownedByTheQms(employeeId, courseCode, completed, null);
    }

    /** A record the QMS owns, as {@link #ownedByTheQms(String, String, LocalDate)}, expiring at the end of a day. */
    protected void ownedByTheQms(
            String employeeId,
            String courseCode,
            LocalDate completed,
            @org.jspecify.annotations.Nullable LocalDate expires) {
        sandbox()
                .qms()
                .addOwnedRecord(
                        employeeId,
                        courseCode,
                        completed,
                        expires,
                        "MANUAL",
                        clock.instant().minus(Duration.ofMinutes(5)));
        if (pulls.pullNow("qms").isEmpty()) {
            throw new AssertionError("the QMS's own records were not pulled");
        }
    }

    protected Sandbox sandbox() {
        return SharedSandbox.get();
    }

    /** A new person at the site, known to the HRIS directory (read by Qualigate) and with an MES account. */
    protected String newPerson(String site) {
        return newPerson(site, null, true);
    }

    /** A new person at the site reporting to the supervisor (an employee ID), with an e-mail address. */
    protected String newPerson(String site, String supervisorId) {
        return newPerson(site, supervisorId, true);
    }

    /** A new person at the site, known to the HRIS directory, with or without an MES account. */
    protected String newPerson(String site, boolean withMesAccount) {
        return newPerson(site, null, withMesAccount);
    }

    /** A new person at the site with this job title (the training matrix says what the job requires). */
    protected String newPersonWithJob(String site, String jobTitle) {
        return newPerson(site, null, true, jobTitle);
    }

    /** Many new people at the site, each with an MES account, read from the HRIS directory once for all of them. */
    protected java.util.List<String> newPeople(String site, int count) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(register(site, null, true, "Operator"));
        }
        directory.run();
        return ids;
    }

    private String newPerson(String site, String supervisorId, boolean withMesAccount) {
        return newPerson(site, supervisorId, withMesAccount, "Operator");
    }

    private String newPerson(String site, String supervisorId, boolean withMesAccount, String jobTitle) {
        String id = register(site, supervisorId, withMesAccount, jobTitle);
        directory.run();
        return id;
    }

    /** A new person in the sandbox HRIS, QMS and (optionally) MES, not yet read by Qualigate. */
    private String register(String site, String supervisorId, boolean withMesAccount, String jobTitle) {
        String id = "T" + RUN + String.format("%04d", PEOPLE.incrementAndGet());
        sandbox()
                .hris()
                .put(new org.qualigate.sandbox.Worker(
                        id,
                        "Test",
                        "Operator " + id,
                        id.toLowerCase() + "@plant.example",
                        site,
                        supervisorId,
                        "ACTIVE",
                        LocalDate.parse("2024-01-15"),
                        jobTitle));
        if (withMesAccount) {
            sandbox().scim().createUser(id, id, "Test Operator " + id);
        }
        sandbox().qms().addUser(id, id.toLowerCase() + "@plant.example");
        return id;
    }

    /** A certification of the person in the sandbox HRIS (so in each of its vendor simulators), approved now. */
    protected CertificationRecord inHris(String employeeId, String certificationId) {
        CertificationRecord r = new CertificationRecord(
                "TR-" + UUID.randomUUID().toString().substring(0, 8),
                employeeId,
                certificationId,
                "Certification " + certificationId,
                1,
                LocalDate.parse("2026-11-06"),
                "2028-11-06",
                "TC-0042",
                Instant.now(),
                1,
                false);
        sandbox().hris().putCertification(r);
        return r;
    }

    protected static String emailOf(String employeeId) {
        return employeeId.toLowerCase() + "@plant.example";
    }

    /** Work items still waiting for these people (0: every delivery for them is done). */
    protected long backlogFor(java.util.List<String> people) {
        return jdbc.sql("SELECT count(*) FROM work_item WHERE employee_id IN (:ids)")
                .param("ids", people)
                .query(Long.class)
                .single();
    }

    /** The role changes the audit trail records for the person, oldest first (basis changes left out). */
    protected java.util.List<String> assignmentActions(String employeeId) {
        return json(get("/api/v1/audit?employeeId=" + employeeId + "&entityType=assignment"))
                .get("entries")
                .findValuesAsString("action")
                .stream()
                .filter(a -> !a.equals("role.basis-changed"))
                .toList();
    }

    /**
     * Alert e-mails queued and not yet handed to the mail server that can come due within the next five minutes on
     * the test's clock (an earlier test's alert may still be queued). One queued on a clock an earlier test had set
     * later stays pending until that instant, so it cannot go out while the caller counts.
     */
    protected long alertMailsQueued() {
        return jdbc.sql("""
                        SELECT count(*) FROM notice WHERE kind = 'ALERT' AND status IN ('PENDING', 'SENDING')
                            AND due_at <= ?""")
                .param(java.sql.Timestamp.from(clock.instant().plus(Duration.ofMinutes(5))))
                .query(Long.class)
                .single();
    }

    /**
     * What Qualigate holds about the person's delivery, as text for a failure message: the clock, the person's work
     * items, recorded assignments, intents, waits, dead letters, qualification records and audit actions.
     */
    protected String deliveryStateOf(String employeeId) {
        StringBuilder out = new StringBuilder("clock ").append(clock.instant()).append('\n');
        for (String table : java.util.List.of(
                "work_item", "assignment", "delivery_intent", "delivery_waiting", "dead_letter", "qualification")) {
            out.append(table).append(":\n");
            jdbc.sql("SELECT * FROM " + table + " WHERE employee_id = ?")
                    .param(employeeId)
                    .query()
                    .listOfRows()
                    .forEach(r -> out.append("  ").append(r).append('\n'));
        }
        sealAuditTrail();
        out.append("audit:\n");
        jdbc.sql("SELECT occurred_at, action, actor, entity_type, entity_id FROM audit_event WHERE employee_id = ? "
                        + "ORDER BY seq")
                .param(employeeId)
                .query()
                .listOfRows()
                .forEach(r -> out.append("  ").append(r).append('\n'));
        return out.toString();
    }

    protected Set<String> mesGroupsOf(String employeeId) {
        return sandbox().scim().groupsOf(employeeId);
    }

    /**
     * The MES holds the role and the delivery's outcome is recorded as the person's assignment: the MES answers a
     * moment before the record is written, so a test that reads what Qualigate knows of the holding (holders, a
     * review's items, a person's assignments) waits for both.
     */
    protected boolean assignedInMes(String employeeId, String role) {
        if (!mesGroupsOf(employeeId).contains(role)) {
            return false;
        }
        for (JsonNode a : json(get("/api/v1/people/" + employeeId)).get("assignments")) {
            if ("mes".equals(a.get("target").asString())
                    && role.equals(a.get("role").asString())) {
                return true;
            }
        }
        return false;
    }

    /** Sends a signed webhook with the test clock's time, as an HRIS would. */
    protected HttpResponse<String> hook(String body) {
        return hook("msg_" + UUID.randomUUID(), clock.instant().getEpochSecond(), body, SECRET);
    }

    protected HttpResponse<String> hook(String webhookId, long timestamp, String body, String secret) {
        return hook(webhookId, timestamp, body, secret, null);
    }

    /** {@link #hook(String)} sent under the sender's W3C {@code traceparent} (any text: it is sent as given). */
    protected HttpResponse<String> hookUnderTrace(String body, String traceparent) {
        return hook("msg_" + UUID.randomUUID(), clock.instant().getEpochSecond(), body, SECRET, traceparent);
    }

    private HttpResponse<String> hook(
            String webhookId, long timestamp, String body, String secret, @Nullable String traceparent) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = new StandardWebhooks(secret).sign(webhookId, timestamp, bytes);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/hooks/hris"))
                .header("content-type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature);
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return exchange(
                request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    protected HttpResponse<String> get(String path) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic())
                .GET()
                .build());
    }

    /** GETs as the auditor asking for CSV ({@code Accept: text/csv}). */
    protected HttpResponse<String> getCsv(String path) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic())
                .header("accept", "text/csv")
                .GET()
                .build());
    }

    protected HttpResponse<String> post(String path) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** Posts a JSON body as the given user (all test users share {@link #PASSWORD}). */
    /** A plant manager's override of the person's role for two hours (a line lead absent), as the API answers it. */
    protected HttpResponse<String> overrideForTwoHours(String employeeId, String role) {
        var override = new java.util.LinkedHashMap<String, Object>();
        override.put("employeeId", employeeId);
        override.put("role", role);
        override.put("hours", 2);
        override.put("reason", "Line lead absent, batch 24-117 must finish");
        override.put("password", PASSWORD);
        return postAs("plant-manager", "/api/v1/overrides", JSON.writeValueAsString(override));
    }

    protected HttpResponse<String> postAs(String user, String path, String body) {
        return post(user, path, "application/json", body);
    }

    protected HttpResponse<String> post(String path, String json) {
        return post(USER, path, "application/json", json);
    }

    /** Posts a YAML body (rules, a dictionary) as the auditor. */
    protected HttpResponse<String> postYaml(String path, String yaml) {
        return post(USER, path, "application/yaml", yaml);
    }

    private HttpResponse<String> post(String user, String path, String contentType, String body) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic(user))
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A change set drafted and signed as author by the HR editor through the API: waiting for a QA approver. */
    protected long signedChangeSet(String kind, String title, String content) {
        HttpResponse<String> drafted = postAs(
                "hr-editor",
                "/api/v1/change-sets",
                JSON.writeValueAsString(java.util.Map.of("kind", kind, "title", title, "content", content)));
        if (drafted.statusCode() != 201) {
            throw new AssertionError("change set not drafted: " + drafted.body());
        }
        long id = json(drafted).get("id").asLong();
        signedByHrEditor(id);
        return id;
    }

    /** The drafted change set signed as author by the HR editor: waiting for a QA approver. */
    protected void signedByHrEditor(long id) {
        signedAs("hr-editor", id, "sign");
    }

    /** The signed change set approved by the QA approver with their signature, in force from now; the answer. */
    protected JsonNode approvedByQa(long id) {
        return signedAs("qa-approver", id, "approve");
    }

    /** The change set's {@code step} ({@code sign}, {@code approve}) done by {@code user} with their signature. */
    private JsonNode signedAs(String user, long id, String step) {
        HttpResponse<String> answer = postAs(
                user,
                "/api/v1/change-sets/" + id + "/" + step,
                JSON.writeValueAsString(java.util.Map.of("userId", user, "password", PASSWORD)));
        if (answer.statusCode() != 200) {
            throw new AssertionError("change set " + id + ": " + step + " as " + user + " refused: " + answer.body());
        }
        return json(answer);
    }

    /** A change set drafted and signed by the HR editor and approved by QA through the API: in force; its id. */
    protected long approvedChangeSet(String kind, String title, String content) {
        long id = signedChangeSet(kind, title, content);
        approvedByQa(id);
        return id;
    }

    /**
     * The audit entries a filter names ({@code entityType=…&entityId=…&action=…}), newest first: a test reads its own
     * entries so, never the trail's oldest page, which depends on what other tests wrote.
     */
    protected JsonNode auditEntries(String filter) {
        return json(get("/api/v1/audit?order=newest&" + filter)).get("entries");
    }

    protected JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic() {
        return basic(USER);
    }

    /** The {@code Authorization} header of a test user (all share {@link #PASSWORD}). */
    protected static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the request as it is (redirects are not followed); the answer with its body as text. */
    protected HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A certification event body in the generic JSON of CONTRACT.md. */
    protected static Event certification(String employeeId, String certificationId) {
        return new Event(
                "certification.completed",
                employeeId,
                certificationId,
                1,
                "2026-11-19",
                null,
                "TR-" + UUID.randomUUID().toString().substring(0, 8),
                1,
                "TC-0042",
                "2026-11-19T15:00:00Z");
    }

    /** A test event; {@code with…} methods return changed copies. */
    protected record Event(
            String eventType,
            String employeeId,
            String certificationId,
            int level,
            String completedOn,
            String expiresOn,
            String sourceRecordId,
            long sourceVersion,
            String approvedBy,
            String approvedAt) {

        public Event level(int l) {
            return new Event(
                    eventType,
                    employeeId,
                    certificationId,
                    l,
                    completedOn,
                    expiresOn,
                    sourceRecordId,
                    sourceVersion,
                    approvedBy,
                    approvedAt);
        }

        public Event completed(String on) {
            return new Event(
                    eventType,
                    employeeId,
                    certificationId,
                    level,
                    on,
                    expiresOn,
                    sourceRecordId,
                    sourceVersion,
                    approvedBy,
                    approvedAt);
        }

        public Event expiring(String on) {
            return new Event(
                    eventType,
                    employeeId,
                    certificationId,
                    level,
                    completedOn,
                    on,
                    sourceRecordId,
                    sourceVersion,
                    approvedBy,
                    approvedAt);
        }

        public Event record(String id) {
            return new Event(
                    eventType,
                    employeeId,
                    certificationId,
                    level,
                    completedOn,
                    expiresOn,
                    id,
                    sourceVersion,
                    approvedBy,
                    approvedAt);
        }

        public Event version(long v) {
            return new Event(
                    eventType,
                    employeeId,
                    certificationId,
                    level,
                    completedOn,
                    expiresOn,
                    sourceRecordId,
                    v,
                    approvedBy,
                    approvedAt);
        }

        public Event type(String t) {
            return new Event(
                    t,
                    employeeId,
                    certificationId,
                    level,
                    completedOn,
                    expiresOn,
                    sourceRecordId,
                    sourceVersion,
                    approvedBy,
                    approvedAt);
        }

        public String json() {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("eventType", eventType);
            m.put("employeeId", employeeId);
            m.put("certificationId", certificationId);
            m.put("certificationName", "Test certification " + certificationId);
            m.put("level", level);
            m.put("completedOn", completedOn);
            if (expiresOn != null) {
                m.put("expiresOn", expiresOn);
            }
            m.put("sourceRecordId", sourceRecordId);
            m.put("sourceVersion", sourceVersion);
            m.put("approvedBy", approvedBy);
            m.put("approvedAt", approvedAt);
            return JSON.writeValueAsString(m);
        }
    }

    protected static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
