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
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> mesGroupsOf(operator).contains("IND.QA.BATCH_REVIEWER")
                            && !mesGroupsOf(operator).contains("BSL.QA.BATCH_REVIEWER"));
            assertThat(reasons(operator, "person.updated")).anyMatch(r -> r.contains("transfer from site BSL to IND"));

            // a termination in Workday: every role goes at once
            sandbox().hris().terminate(operator, LocalDate.parse("2026-11-30"), Instant.now());
            plant.getBean(DirectorySync.class).run();
            await().atMost(Duration.ofSeconds(15))
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
            await().atMost(Duration.ofSeconds(15))
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
        await().atMost(Duration.ofSeconds(15)).until(() -> mesGroupsOf(operator).contains("BSL.QA.BATCH_REVIEWER"));
        return hired;
    }

    /** The Workday-only configuration of docs/connectors.md, pointed at the sandbox's tenant. */
    private Map<String, Object> workdayOnly() {
        Map<String, Object> p = common();
        p.put("qualigate.hris-directory.type", "workday");
        p.put("qualigate.hris-directory.sites[0].location", "LOC_BSL");
        p.put("qualigate.hris-directory.sites[0].site", "BSL");
        p.put("qualigate.hris-directory.sites[1].location", "LOC_IND");
        p.put("qualigate.hris-directory.sites[1].site", "IND");
        p.put("qualigate.hris-directory.sites[2].location", "LOC_SGP");
        p.put("qualigate.hris-directory.sites[2].site", "SGP");
        p.put("qualigate.workday.base-url", sandbox().workdayBaseUri().toString());
        p.put("qualigate.workday.tenant", WorkdayTenant.TENANT);
        p.put("qualigate.workday.username", WorkdayTenant.INTEGRATION_USER);
        p.put("qualigate.workday.password", WorkdayTenant.PASSWORD);
        p.put("qualigate.workday.page-size", "999");
        p.put("qualigate.workday.line-organization-type", "Cost_Center");
        p.put("qualigate.sources.workday.dictionary", "workday");
        return p;
    }

    /** The SuccessFactors-only configuration of docs/connectors.md, pointed at the sandbox's tenant. */
    private Map<String, Object> successFactorsOnly() {
        Map<String, Object> p = common();
        p.put("qualigate.hris-directory.type", "successfactors");
        p.put(
                "qualigate.successfactors.base-url",
                sandbox().successFactorsBaseUri().toString());
        p.put("qualigate.successfactors.company-id", SuccessFactorsSimulator.COMPANY_ID);
        p.put("qualigate.successfactors.username", SuccessFactorsSimulator.USERNAME);
        p.put("qualigate.successfactors.password", SuccessFactorsSimulator.PASSWORD);
        p.put("qualigate.successfactors.learning-auth.client-id", SuccessFactorsSimulator.COMPANY_ID);
        p.put("qualigate.successfactors.learning-auth.client-secret", SuccessFactorsSimulator.LEARNING_CLIENT_SECRET);
        p.put("qualigate.successfactors.learning-auth.user-id", SuccessFactorsSimulator.LEARNING_ADMIN);
        p.put("qualigate.sources.successfactors.dictionary", "successfactors");
        // not in the documented configuration: the shared sandbox holds the history of every other test, which this
        // plant's first pull leaves alone by reaching back only minutes (a real plant's first pull reads ten years)
        p.put("qualigate.pulls.first-window", "PT10M");
        return p;
    }

    /** What either plant shares: its database, its MES (with group mappings), an administrator, quick timers. */
    private Map<String, Object> common() {
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
        p.put("server.port", "0");
        p.put("qualigate.embedded-postgres.data-directory", "");
        p.put("qualigate.hris-directory.url", "");
        p.put("qualigate.hris-directory.sync-interval", "PT24H");
        p.put("qualigate.workday.base-url", "");
        p.put("qualigate.qms.base-url", "");
        p.put("qualigate.scheduling.base-url", "");
        p.put("qualigate.targets.mes.base-url", sandbox().scimBaseUri().toString());
        p.put("qualigate.targets.mes.bearer-token", "sandbox-scim-token");
        p.put("qualigate.targets.mes.group-mappings[0].role", "BSL.QA.BATCH_REVIEWER");
        p.put("qualigate.targets.mes.group-mappings[0].group", "BSL.QA.BATCH_REVIEWER");
        p.put("qualigate.pulls.lag", "PT1S");
        p.put("qualigate.pulls.interval", "PT24H");
        p.put("qualigate.delivery.poll-interval", "PT0.1S");
        p.put("qualigate.timers.poll-interval", "PT0.1S");
        p.put("qualigate.monitoring.probe.employee-id", "");
        p.put("qualigate.security.users[0].username", ADMIN);
        p.put("qualigate.security.users[0].password", "{noop}" + ADMIN_PASSWORD);
        p.put("qualigate.security.users[0].roles[0]", "ADMINISTRATOR");
        return p;
    }

    /** The plant's service, on the test's clock so that both services see the same moment. */
    private ConfigurableApplicationContext start(Map<String, Object> properties) {
        return AnotherInstance.start(properties, clock);
    }

    /** Pulls the source now through the plant's own API, as an operator would (after the changes are a second old). */
    private void pull(ConfigurableApplicationContext plant, String source) throws Exception {
        Instant changed = Instant.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(changed.plusMillis(1300)));
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
