package org.qualigate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.qualigate.intake.DirectorySync;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.Worker;
import org.qualigate.sandbox.successfactors.SuccessFactorsSimulator;
import org.qualigate.sandbox.workday.WorkdayTenant;
import org.qualigate.support.AnotherInstance;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * A plant that runs Qualigate against Workday alone, and one against SuccessFactors alone: the service is started
 * with the configuration of docs/connectors.md (nothing but settings) against the sandbox's tenants, takes its persons
 * from the HRIS — hires, transfers, terminations — and its certifications from the same HRIS, and gives and takes
 * the MES roles they justify.
 */
class VendorOnlyPlantsIT extends QualigateIT {

    private static final String ADMIN = "plant-admin";
    private static final String ADMIN_PASSWORD = "plant-admin-password-2026";
    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final String RUN =
            Long.toString(System.nanoTime() % 100_000, 36).toUpperCase();

    @Autowired
    private Environment environment;

    @Autowired
    private Persons persons;

    private final HttpClient client = HttpClient.newHttpClient();

    @Verifies({"URS-INT-050", "URS-INT-009", "URS-INT-003"})
    @Test
    void aWorkdayOnlyPlantTakesItsPeopleAndTheirCertificationsFromWorkday() throws Exception {
        String manager = hire("BSL", null, null);
        String operator = certifiedOperator(manager);

        try (ConfigurableApplicationContext plant = start(workdayOnly())) {
            Person hired = hiredAndQualified(plant, "workday", operator, manager);
            assertThat(hired.site()).isEqualTo("BSL");

            // a transfer to Indianapolis: the same certifications, the rules of the new site
            sandbox().hris().transfer(operator, "IND", "IND-PACK-1", manager, Instant.now());
            plant.getBean(DirectorySync.class).run();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mesGroupsOf(operator).contains("IND.QA.BATCH_REVIEWER")
                            && !mesGroupsOf(operator).contains("BSL.QA.BATCH_REVIEWER"));
            assertThat(reasons(operator, "person.updated")).anyMatch(r -> r.contains("transfer from site BSL to IND"));

            // a termination in Workday: every role goes at once
            sandbox().hris().terminate(operator, LocalDate.parse("2026-11-30"), Instant.now());
            plant.getBean(DirectorySync.class).run();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mesGroupsOf(operator).isEmpty());
            assertThat(persons.find(EmployeeId.of(operator)).orElseThrow().status())
                    .isEqualTo(Person.Status.TERMINATED);
            assertThat(reasons(operator, "person.updated"))
                    .anyMatch(r -> r.startsWith("termination on 2026-11-30") && r.contains("(workday)"));
        }
    }

    @Verifies({"URS-INT-050", "URS-INT-009", "URS-INT-004", "URS-INT-052"})
    @Test
    void aSuccessFactorsOnlyPlantTakesItsPeopleFromUserAndItsCertificationsFromLearning() throws Exception {
        String manager = hire("BSL", null, null);
        List<String> leavers = List.of(hire("SGP", null, null), hire("SGP", null, null), hire("IND", null, null));
        String operator = certifiedOperator(manager);

        try (ConfigurableApplicationContext plant = start(successFactorsOnly())) {
            hiredAndQualified(plant, "successfactors", operator, manager);

            // three users made inactive in SuccessFactors, and the operator too: all of them are terminated
            for (String leaver : leavers) {
                sandbox().hris().terminate(leaver, LocalDate.parse("2026-11-30"), Instant.now());
            }
            sandbox().hris().terminate(operator, LocalDate.parse("2026-11-30"), Instant.now());
            plant.getBean(DirectorySync.class).run();

            for (String leaver : leavers) {
                assertThat(persons.find(EmployeeId.of(leaver)).orElseThrow().status())
                        .isEqualTo(Person.Status.TERMINATED);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mesGroupsOf(operator).isEmpty());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** An operator on a filling line of Basel, hired in the HRIS with the certifications of a batch reviewer. */
    private String certifiedOperator(String manager) {
        String operator = hire("BSL", "BSL-FILL-1", manager);
        certify(operator, "WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001");
        clock.set(Instant.now());
        return operator;
    }

    /**
     * The plant reads its directory and pulls its source: the operator is a person from that source with their
     * line and manager, and holds the role their certifications justify in the MES.
     */
    private Person hiredAndQualified(
            ConfigurableApplicationContext plant, String source, String operator, String manager) throws Exception {
        plant.getBean(DirectorySync.class).run();
        Person hired = persons.find(EmployeeId.of(operator)).orElseThrow();
        assertThat(hired.source()).isEqualTo(source);
        assertThat(hired.line()).isEqualTo("BSL-FILL-1");
        assertThat(hired.supervisorId()).isEqualTo(manager);

        pull(plant, source);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(operator).contains("BSL.QA.BATCH_REVIEWER"));
        return hired;
    }

    /** The Workday-only configuration of docs/connectors.md, pointed at the sandbox's tenant. */
    private Map<String, Object> workdayOnly() {
        return settings("""
                qualigate.hris-directory.type=workday
                qualigate.hris-directory.sites[0].location=LOC_BSL
                qualigate.hris-directory.sites[0].site=BSL
                qualigate.hris-directory.sites[1].location=LOC_IND
                qualigate.hris-directory.sites[1].site=IND
                qualigate.hris-directory.sites[2].location=LOC_SGP
                qualigate.hris-directory.sites[2].site=SGP
                qualigate.workday.base-url=%s
                qualigate.workday.tenant=%s
                qualigate.workday.username=%s
                qualigate.workday.password=%s
                qualigate.workday.page-size=999
                qualigate.workday.line-organization-type=Cost_Center
                qualigate.sources.workday.dictionary=workday
                """.formatted(
                        sandbox().workdayBaseUri(),
                        WorkdayTenant.TENANT,
                        WorkdayTenant.INTEGRATION_USER,
                        WorkdayTenant.PASSWORD));
    }

    /**
     * The SuccessFactors-only configuration of docs/connectors.md, pointed at the sandbox's tenant. Not in the
     * documented configuration: the first pull's window; the shared sandbox holds the history of every other test,
     * which this plant's first pull leaves alone by reaching back only minutes (a real plant's first pull reads ten
     * years).
     */
    private Map<String, Object> successFactorsOnly() {
        return settings("""
                qualigate.hris-directory.type=successfactors
                qualigate.successfactors.base-url=%s
                qualigate.successfactors.company-id=%s
                qualigate.successfactors.username=%s
                qualigate.successfactors.password=%s
                qualigate.successfactors.learning-auth.client-id=%s
                qualigate.successfactors.learning-auth.client-secret=%s
                qualigate.successfactors.learning-auth.user-id=%s
                qualigate.sources.successfactors.dictionary=successfactors
                qualigate.pulls.first-window=PT10M
                """.formatted(
                        sandbox().successFactorsBaseUri(),
                        SuccessFactorsSimulator.COMPANY_ID,
                        SuccessFactorsSimulator.USERNAME,
                        SuccessFactorsSimulator.PASSWORD,
                        SuccessFactorsSimulator.COMPANY_ID,
                        SuccessFactorsSimulator.LEARNING_CLIENT_SECRET,
                        SuccessFactorsSimulator.LEARNING_ADMIN));
    }

    /**
     * A plant's settings: what either plant shares (its database, its MES with group mappings, an administrator,
     * quick timers), then its own, one {@code key=value} a line.
     */
    private Map<String, Object> settings(String own) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String key : List.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "spring.flyway.url",
                "spring.flyway.user",
                "spring.flyway.password")) {
            p.put(key, environment.getRequiredProperty(key));
        }
        String shared = """
                server.port=0
                qualigate.embedded-postgres.data-directory=
                qualigate.hris-directory.url=
                qualigate.hris-directory.sync-interval=PT24H
                qualigate.workday.base-url=
                qualigate.qms.base-url=
                qualigate.scheduling.base-url=
                qualigate.targets.mes.base-url=%s
                qualigate.targets.mes.bearer-token=sandbox-scim-token
                qualigate.targets.mes.group-mappings[0].role=BSL.QA.BATCH_REVIEWER
                qualigate.targets.mes.group-mappings[0].group=BSL.QA.BATCH_REVIEWER
                qualigate.pulls.lag=PT1S
                qualigate.pulls.interval=PT24H
                qualigate.delivery.poll-interval=PT0.1S
                qualigate.timers.poll-interval=PT0.1S
                qualigate.monitoring.probe.employee-id=
                qualigate.security.users[0].username=%s
                qualigate.security.users[0].password={noop}%s
                qualigate.security.users[0].roles[0]=ADMINISTRATOR
                """.formatted(sandbox().scimBaseUri(), ADMIN, ADMIN_PASSWORD);
        (shared + own).lines().filter(line -> !line.isBlank()).forEach(line -> {
            int eq = line.indexOf('=');
            p.put(line.substring(0, eq), line.substring(eq + 1));
        });
        return p;
    }

    /** The plant's service, on the test's clock so that both services see the same moment. */
    private ConfigurableApplicationContext start(Map<String, Object> properties) {
        return AnotherInstance.start(properties, clock);
    }

    /** Pulls the source now through the plant's own API, as an operator would (after the changes are a second old). */
    private void pull(ConfigurableApplicationContext plant, String source) throws Exception {
        Instant changed = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(changed.plusMillis(1300)));
        int port = Integer.parseInt(plant.getEnvironment().getRequiredProperty("local.server.port"));
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sources/" + source + "/pull"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).has("error")).as(answer.body()).isFalse();
    }

    private List<String> reasons(String person, String action) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode e : json(get("/api/v1/audit?employeeId=" + person + "&action=" + action))
                .get("entries")) {
            reasons.add(e.get("reason").asString());
        }
        return reasons;
    }

    /** A worker hired in the HRIS (with an MES account), not yet known to Qualigate. */
    private String hire(String site, String line, String manager) {
        String id = "V" + RUN + String.format("%04d", PEOPLE.incrementAndGet());
        sandbox()
                .hris()
                .put(new Worker(
                        id,
                        "Vendor",
                        "Hire " + id,
                        id.toLowerCase() + "@plant.example",
                        site,
                        manager,
                        Worker.ACTIVE,
                        LocalDate.parse("2025-03-01"),
                        "Operator"));
        sandbox().hris().line(id, line);
        sandbox().scim().createUser(id, id, "Vendor Hire " + id);
        return id;
    }

    private void certify(String employeeId, String... certificationIds) {
        for (String certificationId : certificationIds) {
            sandbox()
                    .hris()
                    .putCertification(new CertificationRecord(
                            "TR-" + UUID.randomUUID().toString().substring(0, 8),
                            employeeId,
                            certificationId,
                            "Certification " + certificationId,
                            1,
                            LocalDate.now(java.time.ZoneOffset.UTC).minusDays(2),
                            LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1).toString(),
                            "TC-0042",
                            Instant.now(),
                            1,
                            false));
        }
    }
}
