package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.sandbox.SandboxHttp.enc;
import static org.qualigate.sandbox.SandboxHttp.json;
import static org.qualigate.sandbox.SandboxHttp.q;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScimServerIT {

    static Sandbox sandbox;
    static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests());
        http = new SandboxHttp(sandbox.scimBaseUri(), "sandbox-scim-token");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void emptyStore() {
        sandbox.scim().reset();
        sandbox.faults().clear();
        sandbox.sideEffects().clear();
    }

    @Test
    void refusesRequestsWithoutTheBearerTokenWithAScimError() {
        HttpResponse<String> response = http.send(http.request("/Users")
                .setHeader("Authorization", "Bearer wrong")
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/scim+json");
        JsonNode error = json(response);
        assertThat(error.get("schemas").get(0).stringValue()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.get("status").isString()).isTrue();
        assertThat(error.get("status").stringValue()).isEqualTo("401");
        HttpResponse<String> anonymous =
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.scimBaseUri() + "/Users"))
                        .GET()
                        .build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void createsAUserWithMetaAndEtagAndRefusesADuplicateUserNameWith409() {
        HttpResponse<String> created = http.post(
                "/Users",
                q("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'E10001',"
                        + "'externalId':'E10001','displayName':'Anna Keller','active':true}"));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode user = json(created);
        assertThat(user.get("id").stringValue()).isNotBlank();
        assertThat(user.get("meta").get("resourceType").stringValue()).isEqualTo("User");
        assertThat(user.get("meta").get("location").stringValue())
                .isEqualTo(sandbox.scimBaseUri() + "/Users/" + user.get("id").stringValue());
        assertThat(created.headers().firstValue("ETag"))
                .hasValue(user.get("meta").get("version").stringValue());
        assertThat(created.headers().firstValue("Location"))
                .hasValue(user.get("meta").get("location").stringValue());

        HttpResponse<String> duplicate = http.post("/Users", q("{'userName':'e10001'}"));
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate).get("scimType").stringValue()).isEqualTo("uniqueness");
        assertThat(json(duplicate).get("status").stringValue()).isEqualTo("409");
        assertThat(sandbox.sideEffects().all())
                .extracting(SideEffect::operation)
                .containsExactly("user.create");
    }

    @Test
    void findsAUserByUserNameIgnoringCase() {
        String id = sandbox.scim().createUser("E10023", "E10023", "Lukas Meier");

        JsonNode list = json(http.get("/Users?filter=" + enc("userName eq \"e10023\"")));

        assertThat(list.get("schemas").get(0).stringValue())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(list.get("totalResults").asInt()).isEqualTo(1);
        assertThat(list.get("Resources").get(0).get("id").stringValue()).isEqualTo(id);
    }

    @Test
    void externalIdComparesCaseExactly() {
        sandbox.scim().createUser("E10023", "E10023", "Lukas Meier");

        assertThat(json(http.get("/Users?filter=" + enc("externalId eq \"E10023\"")))
                        .get("totalResults")
                        .asInt())
                .isEqualTo(1);
        assertThat(json(http.get("/Users?filter=" + enc("externalId eq \"e10023\"")))
                        .get("totalResults")
                        .asInt())
                .isZero();
    }

    @Test
    void combinesFiltersWithAndOrNotAndParentheses() {
        sandbox.scim().createUser("E1", "X1", "Anna Keller");
        sandbox.scim().createUser("E2", "X2", "Anna Weber");
        sandbox.scim().createUser("E3", "X3", "Marco Weber");
        sandbox.scim().createUser("E4", "X4", "Marco Rossi");

        assertThat(userNames("displayName sw \"anna\" and displayName co \"weber\""))
                .containsExactly("E2");
        assertThat(userNames("displayName ew \"keller\" or userName eq \"E4\"")).containsExactly("E1", "E4");
        assertThat(userNames("(displayName sw \"Anna\" or displayName sw \"Marco\") and displayName co \"Weber\""))
                .containsExactly("E2", "E3");
        assertThat(userNames("displayName co \"weber\" and not (userName eq \"E2\")"))
                .containsExactly("E3");
        assertThat(userNames("userName ne \"E1\" and externalId pr")).containsExactly("E2", "E3", "E4");
        assertThat(userNames("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"E3\""))
                .containsExactly("E3");
    }

    @Test
    void filtersOnEmailsAndActive() {
        http.post(
                "/Users",
                q("{'userName':'E5','emails':[{'value':'Anna.Keller@Pharma.example','type':'work','primary':true}]}"));
        http.post("/Users", q("{'userName':'E6','active':false}"));

        assertThat(userNames("emails.value eq \"anna.keller@pharma.example\"")).containsExactly("E5");
        assertThat(userNames("emails[type eq \"work\" and value co \"keller\"]"))
                .containsExactly("E5");
        assertThat(userNames("active eq false")).containsExactly("E6");
        assertThat(userNames("emails pr")).containsExactly("E5");
    }

    @Test
    void refusesAMalformedFilterWithInvalidFilter() {
        HttpResponse<String> response = http.get("/Users?filter=" + enc("userName eq"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("scimType").stringValue()).isEqualTo("invalidFilter");
    }

    @Test
    void pagesWithOneBasedStartIndexAndCount() {
        for (int i = 1; i <= 25; i++) {
            sandbox.scim().createUser(String.format("E%05d", i), null, null);
        }

        JsonNode page = json(http.get("/Users?startIndex=11&count=10"));

        assertThat(page.get("totalResults").asInt()).isEqualTo(25);
        assertThat(page.get("itemsPerPage").asInt()).isEqualTo(10);
        assertThat(page.get("startIndex").asInt()).isEqualTo(11);
        assertThat(page.get("Resources").get(0).get("userName").stringValue()).isEqualTo("E00011");
        JsonNode last = json(http.get("/Users?startIndex=21&count=10"));
        assertThat(last.get("itemsPerPage").asInt()).isEqualTo(5);
        JsonNode countOnly = json(http.get("/Users?count=0"));
        assertThat(countOnly.get("totalResults").asInt()).isEqualTo(25);
        assertThat(countOnly.get("Resources")).isEmpty();
    }

    @Test
    void returnsOnlyTheRequestedAttributes() {
        String id = sandbox.scim().createUser("E7", "E7", "Nina Frei");

        JsonNode only = json(http.get("/Users/" + id + "?attributes=userName"));
        JsonNode without = json(http.get("/Users/" + id + "?excludedAttributes=displayName,meta"));

        assertThat(only.propertyNames()).containsExactlyInAnyOrder("schemas", "id", "userName");
        assertThat(without.has("displayName")).isFalse();
        assertThat(without.has("meta")).isFalse();
        assertThat(without.get("userName").stringValue()).isEqualTo("E7");
    }

    @Test
    void patchAddsAndRemovesMembersAndRecordsOnlyRealChanges() {
        String user = sandbox.scim().createUser("E10023", "E10023", "Lukas Meier");
        String group = sandbox.scim().createGroup("BSL.FILL-1.OPERATOR");
        long before = sandbox.sideEffects().latestSeq();

        HttpResponse<String> added = http.patch("/Groups/" + group, addMember(user));
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(json(added).get("members").get(0).get("value").stringValue()).isEqualTo(user);
        assertThat(sandbox.scim().groupsOf("E10023")).containsExactly("BSL.FILL-1.OPERATOR");

        HttpResponse<String> again = http.patch("/Groups/" + group, addMember(user));
        assertThat(again.statusCode()).isEqualTo(200);

        HttpResponse<String> removed = http.patch(
                "/Groups/" + group,
                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'remove',"
                        + "'path':'members[value eq \\\"" + user + "\\\"]'}]}"));
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(json(removed).has("members")).isFalse();
        HttpResponse<String> removedAgain = http.patch(
                "/Groups/" + group,
                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'remove',"
                        + "'path':'members[value eq \\\"" + user + "\\\"]'}]}"));
        assertThat(removedAgain.statusCode()).isEqualTo(200);

        assertThat(sandbox.sideEffects().since(before))
                .extracting(e -> e.operation() + " " + e.resource() + " " + e.detail())
                .containsExactly(
                        "group.member.add BSL.FILL-1.OPERATOR E10023",
                        "group.member.remove BSL.FILL-1.OPERATOR E10023");
    }

    @Test
    void acceptsAzureStyleCapitalisedOperationsAndRemoveByValue() {
        String user = sandbox.scim().createUser("E1", null, null);
        String group = sandbox.scim().createGroup("IND.OSD-1.OPERATOR");

        http.patch(
                "/Groups/" + group,
                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'Add',"
                        + "'path':'members','value':[{'value':'" + user + "'}]}]}"));
        assertThat(sandbox.scim().groupsOf("E1")).containsExactly("IND.OSD-1.OPERATOR");
        http.patch(
                "/Groups/" + group,
                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'Remove',"
                        + "'path':'members','value':[{'value':'" + user + "'}]}]}"));

        assertThat(sandbox.scim().groupsOf("E1")).isEmpty();
    }

    @Test
    void refusesAMemberThatIsNotAnExistingUserAndChangesNothing() {
        String user = sandbox.scim().createUser("E1", null, null);
        String group = sandbox.scim().createGroup("SGP.API-1.OPERATOR");

        HttpResponse<String> response = http.patch(
                "/Groups/" + group,
                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'add',"
                        + "'path':'members','value':[{'value':'" + user + "'},{'value':'no-such-user'}]}]}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("scimType").stringValue()).isEqualTo("invalidValue");
        assertThat(sandbox.scim().groupsOf("E1")).isEmpty();
    }

    @Test
    void findsGroupsByMemberValue() {
        String user = sandbox.scim().createUser("E1", null, null);
        String other = sandbox.scim().createUser("E2", null, null);
        String fill = sandbox.scim().createGroup("BSL.FILL-1.OPERATOR");
        sandbox.scim().createGroup("BSL.LYO-2.OPERATOR");
        sandbox.scim().addMember("BSL.FILL-1.OPERATOR", "E1");

        JsonNode byValuePath = json(http.get("/Groups?filter=" + enc("members[value eq \"" + user + "\"]")));
        JsonNode byDottedPath = json(http.get("/Groups?filter=" + enc("members.value eq \"" + user + "\"")));
        JsonNode none = json(http.get("/Groups?filter=" + enc("members[value eq \"" + other + "\"]")));

        assertThat(byValuePath.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byValuePath.get("Resources").get(0).get("id").stringValue()).isEqualTo(fill);
        assertThat(byDottedPath.get("totalResults").asInt()).isEqualTo(1);
        assertThat(none.get("totalResults").asInt()).isZero();
        JsonNode byName = json(http.get("/Groups?filter=" + enc("displayName eq \"bsl.lyo-2.operator\"")));
        assertThat(byName.get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void groupHonoursExcludedAttributesMembers() {
        sandbox.scim().createUser("E1", null, null);
        String group = sandbox.scim().createGroup("BSL.FILL-1.OPERATOR");
        sandbox.scim().addMember("BSL.FILL-1.OPERATOR", "E1");

        JsonNode full = json(http.get("/Groups/" + group));
        JsonNode slim = json(http.get("/Groups/" + group + "?excludedAttributes=members"));

        assertThat(full.get("members")).hasSize(1);
        assertThat(slim.has("members")).isFalse();
        assertThat(slim.get("displayName").stringValue()).isEqualTo("BSL.FILL-1.OPERATOR");
    }

    @Test
    void userCarriesTheReadOnlyGroupsAttribute() {
        String user = sandbox.scim().createUser("E1", null, null);
        String group = sandbox.scim().createGroup("BSL.QA.BATCH_REVIEWER");
        sandbox.scim().addMember("BSL.QA.BATCH_REVIEWER", "E1");

        JsonNode groups = json(http.get("/Users/" + user)).get("groups");

        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("value").stringValue()).isEqualTo(group);
        assertThat(groups.get(0).get("display").stringValue()).isEqualTo("BSL.QA.BATCH_REVIEWER");
        assertThat(groups.get(0).get("$ref").stringValue()).endsWith("/Groups/" + group);
        HttpResponse<String> write = http.patch(
                "/Users/" + user,
                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'add',"
                        + "'path':'groups','value':[{'value':'x'}]}]}"));
        assertThat(write.statusCode()).isEqualTo(400);
        assertThat(json(write).get("scimType").stringValue()).isEqualTo("mutability");
    }

    @Test
    void staleIfMatchIsRefusedWith412AndVersionsIncreaseOnEveryChange() {
        sandbox.scim().createUser("E1", null, null);
        String user2 = sandbox.scim().createUser("E2", null, null);
        String group = sandbox.scim().createGroup("BSL.PACK-3.OPERATOR");
        HttpResponse<String> read = http.get("/Groups/" + group);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(etag)
                .isEqualTo(json(read).get("meta").get("version").stringValue())
                .startsWith("W/\"");

        HttpResponse<String> first = http.patch("/Groups/" + group, addMember(user2), "If-Match", etag);
        assertThat(first.statusCode()).isEqualTo(200);
        String newEtag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(newEtag).isNotEqualTo(etag);

        HttpResponse<String> stale = http.patch("/Groups/" + group, addMember(user2), "If-Match", etag);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("status").stringValue()).isEqualTo("412");

        assertThat(http.get("/Groups/" + group, "If-None-Match", newEtag).statusCode())
                .isEqualTo(304);
        assertThat(http.get("/Groups/" + group, "If-None-Match", etag).statusCode())
                .isEqualTo(200);
    }

    @Test
    void patchesUserAttributesSentAsAzureDoes() {
        String user = sandbox.scim().createUser("E1", "E1", "Anna Keller");

        HttpResponse<String> response = http.patch(
                "/Users/" + user,
                q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':["
                        + "{'op':'Replace','path':'active','value':'False'},"
                        + "{'op':'Add','path':'emails[type eq \\\"work\\\"].value','value':'anna@pharma.example'},"
                        + "{'op':'replace','value':{'displayName':'Anna Keller-Frei'}}]}"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode patched = json(response);
        assertThat(patched.get("active").booleanValue()).isFalse();
        assertThat(patched.get("emails").get(0).get("value").stringValue()).isEqualTo("anna@pharma.example");
        assertThat(patched.get("displayName").stringValue()).isEqualTo("Anna Keller-Frei");
        assertThat(sandbox.sideEffects().all())
                .filteredOn(e -> e.operation().equals("user.update"))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("active: true -> false"));
    }

    @Test
    void replacesAGroupWithPutAndDeletesUsersFromTheirGroups() {
        String a = sandbox.scim().createUser("E1", null, null);
        String b = sandbox.scim().createUser("E2", null, null);
        String group = sandbox.scim().createGroup("BSL.FILL-1.LEAD");

        HttpResponse<String> put = http.put(
                "/Groups/" + group,
                q("{'displayName':'BSL.FILL-1.LEAD','members':[{'value':'" + a + "'},{'value':'" + b + "'}]}"));
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(sandbox.scim().members("BSL.FILL-1.LEAD")).containsExactlyInAnyOrder("E1", "E2");

        assertThat(http.delete("/Users/" + a).statusCode()).isEqualTo(204);

        assertThat(sandbox.scim().members("BSL.FILL-1.LEAD")).containsExactly("E2");
        assertThat(http.get("/Users/" + a).statusCode()).isEqualTo(404);
        assertThat(json(http.get("/Users/" + a)).get("status").stringValue()).isEqualTo("404");
        assertThat(sandbox.sideEffects().all())
                .extracting(SideEffect::operation)
                .contains("group.member.remove", "user.delete");
    }

    @Test
    void describesItselfInTheDiscoveryEndpoints() {
        JsonNode config = json(http.get("/ServiceProviderConfig"));
        JsonNode types = json(http.get("/ResourceTypes"));
        JsonNode schemas = json(http.get("/Schemas"));

        assertThat(config.get("patch").get("supported").booleanValue()).isTrue();
        assertThat(config.get("bulk").get("supported").booleanValue()).isFalse();
        assertThat(config.get("filter").get("maxResults").asInt()).isEqualTo(ScimServer.MAX_RESULTS);
        assertThat(config.get("etag").get("supported").booleanValue()).isTrue();
        assertThat(types.get("totalResults").asInt()).isEqualTo(2);
        List<String> ids = new ArrayList<>();
        schemas.get("Resources").values().forEach(s -> ids.add(s.get("id").stringValue()));
        assertThat(ids).contains(ScimServer.USER_SCHEMA, ScimServer.GROUP_SCHEMA);
    }

    @Test
    void acceptsPlainApplicationJsonBodies() {
        HttpResponse<String> response =
                http.post("/Groups", q("{'displayName':'SGP.QA.BATCH_REVIEWER'}"), "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(sandbox.scim().groupId("SGP.QA.BATCH_REVIEWER")).isPresent();
    }

    private static List<String> userNames(String filter) {
        HttpResponse<String> response = http.get("/Users?filter=" + enc(filter));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(response)
                .get("Resources")
                .values()
                .forEach(u -> names.add(u.get("userName").stringValue()));
        return names;
    }

    private static String addMember(String userId) {
        return q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'add',"
                + "'path':'members','value':[{'value':'" + userId + "'}]}]}");
    }
}
