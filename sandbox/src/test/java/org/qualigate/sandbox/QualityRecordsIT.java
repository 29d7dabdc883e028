package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.sandbox.QualityClient.json;
import static org.qualigate.sandbox.QualityClient.q;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.qms.QmsSimulator;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.sandbox.qms.QualityRecords;
import tools.jackson.databind.JsonNode;

class QualityRecordsIT {

    static final String DATA = "/services/data/v60.0";
    static final String NC = QualityObject.NONCONFORMANCE.apiName();
    static Sandbox sandbox;
    static QualityRecords records;
    static QualityClient qms;
    static String bearer;
    static String ncId;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.forTests());
        records = sandbox.quality().records();
        qms = new QualityClient(sandbox.qmsBaseUri(), false);
        HttpResponse<String> token = qms.send(
                "POST",
                "/services/oauth2/token",
                "grant_type=client_credentials&client_id=" + QmsSimulator.CLIENT_ID + "&client_secret="
                        + QmsSimulator.CLIENT_SECRET,
                "Content-Type",
                "application/x-www-form-urlencoded");
        bearer = "Bearer " + json(token).path("access_token").asString();
        records.addUser("E10001", "Anna Keller", "anna.keller@example.com", null);
        records.addUser("E10002", "Marco Rossi", "marco.rossi@example.com", "E10001");
        for (int i = 1; i <= 5; i++) {
            ncId = records.create(QualityObject.NONCONFORMANCE, QualityRecordFixtures.aNonconformance("BSL25K040" + i))
                    .path("Id")
                    .asString();
        }
        records.create(
                QualityObject.CAPA,
                QualityRecordFixtures.aCapa(
                        ncId, records.userByEmployee("E10002").orElseThrow().id()));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.faults().clear();
        sandbox.quality().api().pageSize(2000);
        sandbox.quality().api().requestLimit(0);
    }

    HttpResponse<String> query(String soql) {
        return qms.get(DATA + "/query?q=" + SandboxHttp.enc(soql), "Authorization", bearer);
    }

    @Test
    void pagesAQueryWithNextRecordsUrlAndWritesEmptyFieldsAsJsonNull() {
        sandbox.quality().api().pageSize(2);
        List<JsonNode> rows = new ArrayList<>();
        JsonNode page = json(query("SELECT Id, Name, " + QualityObject.BATCH + ", " + QualityObject.DISPOSITION + ", "
                + QualityObject.CLOSED + " FROM " + NC + " WHERE " + QualityObject.SITE + " = 'BSL' ORDER BY Name"));
        int pages = 1;
        page.path("records").forEach(rows::add);
        while (!page.path("done").asBoolean()) {
            page = json(qms.get(page.path("nextRecordsUrl").asString(), "Authorization", bearer));
            page.path("records").forEach(rows::add);
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(rows).hasSize(5);
        assertThat(rows.getFirst().path("attributes").path("type").asString()).isEqualTo(NC);
        assertThat(rows.getFirst().has(QualityObject.DISPOSITION)).isTrue();
        assertThat(rows.getFirst().get(QualityObject.DISPOSITION).isNull()).isTrue();
        assertThat(rows.getFirst().get(QualityObject.CLOSED).isNull()).isTrue();
        assertThat(page.path("totalSize").asInt()).isEqualTo(5);
    }

    @Test
    void readsACapaWithItsOwnerAndTheOwnersManager() {
        JsonNode capa = json(query("SELECT Name, " + QualityObject.DUE_DATE + ", Owner.Email, Owner.Manager.Email, "
                        + "Owner.Manager.EmployeeNumber FROM " + QualityObject.CAPA.apiName()))
                .path("records")
                .get(0);

        assertThat(capa.path("Owner").path("Email").asString()).isEqualTo("marco.rossi@example.com");
        assertThat(capa.path("Owner").path("Manager").path("Email").asString()).isEqualTo("anna.keller@example.com");
        assertThat(capa.path("Owner").path("Manager").path("EmployeeNumber").asString())
                .isEqualTo("E10001");
        assertThat(capa.path(QualityObject.DUE_DATE).asString()).isEqualTo("2026-12-01");
    }

    @Test
    void upsertsByExternalIdCreatingThenUpdatingLogsEachWriteAndRefusesTheKeyInTheBody() {
        long before = sandbox.sideEffects().latestSeq();
        String path = DATA + "/sobjects/" + NC + "/" + QualityObject.EXTERNAL_ID + "/QG-EMS-BSL-FILL-1-ISO-0001";
        String draft = q("{'" + QualityObject.SITE + "':'BSL','" + QualityObject.SEVERITY + "':'Major','"
                + QualityObject.DESCRIPTION + "':'Particle excursion, grade A','" + QualityObject.ROOM
                + "':'BSL-FILL-1-ISO','" + QualityObject.STATUS + "':'Draft'}");

        HttpResponse<String> created = qms.send("PATCH", path, draft, "Authorization", bearer);
        HttpResponse<String> updated = qms.send("PATCH", path, draft, "Authorization", bearer);
        HttpResponse<String> old = qms.send("PATCH", path.replace("v60.0", "v45.0"), draft, "Authorization", bearer);
        HttpResponse<String> keyInBody =
                qms.send("PATCH", path, q("{'" + QualityObject.EXTERNAL_ID + "':'x'}"), "Authorization", bearer);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("created").asBoolean()).isTrue();
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).path("created").asBoolean()).isFalse();
        assertThat(old.statusCode()).isEqualTo(204);
        assertThat(keyInBody.statusCode()).isEqualTo(400);
        assertThat(json(keyInBody).get(0).path("errorCode").asString()).isEqualTo("INVALID_FIELD");
        // each write is in the side-effect log with the record's external id; the refused one is not
        assertThat(sandbox.sideEffects().since(before))
                .allSatisfy(e -> {
                    assertThat(e.target()).isEqualTo("qms");
                    assertThat(e.resource()).isEqualTo(NC);
                    assertThat(e.detail()).endsWith(" QG-EMS-BSL-FILL-1-ISO-0001");
                })
                .extracting(SideEffect::operation)
                .containsExactly("record.create", "record.update", "record.update");
    }

    @Test
    void refusesBadValuesNamingTheField() {
        String create = DATA + "/sobjects/" + NC;
        HttpResponse<String> picklist = qms.post(
                create,
                q("{'" + QualityObject.SITE + "':'BSL','" + QualityObject.SEVERITY + "':'Severe','"
                        + QualityObject.DESCRIPTION + "':'x'}"),
                "Authorization",
                bearer);
        HttpResponse<String> missing = qms.post(
                create,
                q("{'" + QualityObject.SITE + "':'BSL','" + QualityObject.SEVERITY + "':'Minor'}"),
                "Authorization",
                bearer);
        HttpResponse<String> unknown = qms.post(create, q("{'Colour__c':'red'}"), "Authorization", bearer);
        HttpResponse<String> badCapaOwner = qms.send(
                "PATCH",
                DATA + "/sobjects/" + QualityObject.CAPA.apiName() + "/"
                        + json(query("SELECT Id FROM " + QualityObject.CAPA.apiName()))
                                .path("records")
                                .get(0)
                                .path("Id")
                                .asString(),
                q("{'OwnerId':'005000000000999'}"),
                "Authorization",
                bearer);

        assertThat(json(picklist).get(0).path("errorCode").asString())
                .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(json(picklist).get(0).path("fields").get(0).asString()).isEqualTo(QualityObject.SEVERITY);
        assertThat(json(missing).get(0).path("errorCode").asString()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(json(unknown).get(0).path("errorCode").asString()).isEqualTo("INVALID_FIELD");
        assertThat(json(badCapaOwner).get(0).path("errorCode").asString()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
    }

    @Test
    void answers403RequestLimitExceededOnceTheOrgsAllowanceIsSpentAnd401ForABadToken() {
        sandbox.quality().api().requestLimit(2);

        HttpResponse<String> first = query("SELECT Id FROM " + NC);
        query("SELECT Id FROM " + NC);
        HttpResponse<String> third = query("SELECT Id FROM " + NC);
        HttpResponse<String> badToken = qms.get(DATA + "/sobjects/" + NC + "/" + ncId, "Authorization", "Bearer nope");

        assertThat(first.headers().firstValue("sforce-limit-info")).hasValue("api-usage=1/2");
        assertThat(third.statusCode()).isEqualTo(403);
        assertThat(json(third).get(0).path("errorCode").asString()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(json(badToken).get(0).path("errorCode").asString()).isEqualTo("INVALID_SESSION_ID");
    }

    @Test
    void leavesTrainingQueriesToTheTrainingModuleAndPlaysQmsFaultsOnQualityCalls() {
        HttpResponse<String> training = query("SELECT Id FROM " + QmsSimulator.TRAINING_OBJECT);
        sandbox.faults().inject(Fault.error("qms", "GET /query", 403, 1));
        HttpResponse<String> limited = query("SELECT Id FROM " + NC);

        assertThat(training.statusCode()).isEqualTo(200);
        assertThat(json(training).path("totalSize").asInt()).isZero();
        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(json(limited).get(0).path("errorCode").asString()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(json(qms.get(DATA + "/sobjects/" + NC + "/" + ncId, "Authorization", bearer))
                        .path("Name")
                        .asString())
                .startsWith("NC-");
    }
}
