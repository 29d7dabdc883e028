package org.qualigate.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.RetryAfter;
import org.qualigate.policy.RoleName;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.json.JsonMapper;

class ScimAccessTargetTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T14:00:00Z"), ZoneOffset.UTC);

    @Verifies("URS-INT-008")
    @Test
    void quotesFilterValuesAsJsonStrings() {
        assertThat(ScimFilter.equalTo("userName", "E10023")).isEqualTo("userName eq \"E10023\"");
        assertThat(ScimFilter.equalTo("externalId", "a\"b\\c")).isEqualTo("externalId eq \"a\\\"b\\\\c\"");
        assertThat(ScimFilter.quote("tab\there\nnew\u0001")).isEqualTo("\"tab\\there\\nnew\\u0001\"");
        assertThat(ScimFilter.quote("Zoë ) or userName pr")).isEqualTo("\"Zoë ) or userName pr\"");
    }

    @Verifies("URS-INT-008")
    @Test
    void quotedFilterValueReadsBackAsTheOriginalString() {
        String value = "x\" or userName pr or \"\\";
        String quoted = ScimFilter.quote(value);
        assertThat(JSON.readTree(quoted).stringValue()).isEqualTo(value);
    }

    @Verifies("URS-INT-008")
    @Test
    void filtersGroupsByMemberWithAValuePath() {
        assertThat(ScimFilter.hasMember("2819c223-7f76")).isEqualTo("members[value eq \"2819c223-7f76\"]");
    }

    @Verifies("URS-INT-008")
    @Test
    void encodesSpacesInQueriesAsPercentTwenty() {
        assertThat(ScimEndpoint.encode("userName eq \"E1+2\"")).isEqualTo("userName%20eq%20%22E1%2B2%22");
    }

    @Verifies("URS-INT-008")
    @Test
    void readsAnErrorWhoseStatusIsAString() {
        ScimError error = ScimError.parse(409, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],
                 "status":"409","scimType":"uniqueness","detail":"userName taken"}""", JSON);

        assertThat(error).isEqualTo(new ScimError(409, "uniqueness", "userName taken"));
        assertThat(error.is("Uniqueness")).isTrue();
        assertThat(error.describe()).isEqualTo(" (scimType uniqueness): userName taken");
    }

    @Verifies("URS-INT-008")
    @Test
    void readsAnErrorWhoseStatusIsANumberAndWhoseNamesDifferInCase() {
        ScimError error = ScimError.parse(400, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"Status":400,"ScimType":"invalidFilter"}""", JSON);

        assertThat(error).isEqualTo(new ScimError(400, "invalidFilter", null));
    }

    @Verifies("URS-INT-008")
    @Test
    void readsAnErrorWithoutABody() {
        assertThat(ScimError.parse(503, "", JSON)).isEqualTo(new ScimError(503, null, null));
        assertThat(ScimError.parse(503, null, JSON)).isEqualTo(new ScimError(503, null, null));
        assertThat(ScimError.parse(503, null, JSON).describe()).isEmpty();
    }

    @Verifies({"URS-INT-008", "URS-INT-015"})
    @Test
    void keepsAShortLineOfABodyThatIsNotJson() {
        ScimError error = ScimError.parse(502, "<html>\n<body>Bad   gateway</body></html>", JSON);

        assertThat(error.status()).isEqualTo(502);
        assertThat(error.scimType()).isNull();
        assertThat(error.detail()).isEqualTo("<html> <body>Bad gateway</body></html>");
        assertThat(ScimError.parse(502, "x".repeat(1000), JSON).detail()).hasSize(301);
    }

    @Verifies("URS-INT-008")
    @Test
    void fallsBackToTheHttpStatusWhenTheBodyStatusIsUnreadable() {
        assertThat(ScimError.parse(404, "{\"status\":\"not found\"}", JSON).status())
                .isEqualTo(404);
        assertThat(ScimError.parse(404, "[1,2]", JSON)).isEqualTo(new ScimError(404, null, "[1,2]"));
    }

    @Verifies({"URS-INT-008", "URS-BCP-001"})
    @Test
    void readsRetryAfterInSeconds() {
        assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", CLOCK)).contains(Duration.ZERO);
    }

    @Verifies({"URS-INT-008", "URS-BCP-001"})
    @Test
    void readsRetryAfterAsAnHttpDate() {
        assertThat(RetryAfter.parse("Fri, 20 Nov 2026 14:02:00 GMT", CLOCK)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Friday, 20-Nov-26 14:00:30 GMT", CLOCK)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Fri Nov 20 14:00:05 2026", CLOCK)).contains(Duration.ofSeconds(5));
    }

    @Verifies({"URS-INT-008", "URS-BCP-001"})
    @Test
    void readsARetryAfterDateInThePastAsNoWait() {
        assertThat(RetryAfter.parse("Fri, 20 Nov 2026 13:00:00 GMT", CLOCK)).contains(Duration.ZERO);
    }

    @Verifies({"URS-INT-008", "URS-INT-015"})
    @Test
    void ignoresAnUnreadableRetryAfter() {
        assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("-5", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", CLOCK)).isEmpty();
    }

    @Verifies("URS-INT-008")
    @Test
    void readsAListResponseWhoseAttributeNamesDifferInCase() {
        ScimListResponse list = ScimListResponse.of(
                JSON.readTree("{\"totalresults\":1,\"resources\":[{\"id\":\"u1\"}]}"), "GET /Users");

        assertThat(list.totalResults()).isEqualTo(1);
        assertThat(list.resources()).hasSize(1);
    }

    @Verifies({"URS-INT-008", "URS-INT-015"})
    @Test
    void refusesAListResponseThatPromisesResourcesItDoesNotSend() {
        assertThatThrownBy(() -> ScimListResponse.of(JSON.readTree("{\"totalResults\":2}"), "GET /Users"))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("totalResults 2 but no Resources");
        assertThatThrownBy(() -> ScimListResponse.of(JSON.readTree("[]"), "GET /Users"))
                .hasMessageContaining("not a list response");
        assertThat(ScimListResponse.of(JSON.readTree("{\"totalResults\":0}"), "GET /Users")
                        .resources())
                .isEmpty();
    }

    @Verifies("URS-SEC-003")
    @Test
    void settingsDoNotPrintTheToken() {
        ScimTargetSettings settings = settings(Map.of());

        assertThat(settings.toString()).doesNotContain("s3cret-token").contains("(redacted)");
    }

    @Verifies("URS-INT-008")
    @Test
    void settingsDropATrailingSlashAndDefaultToUserName() {
        ScimTargetSettings settings = new ScimTargetSettings(
                "mes",
                URI.create("http://127.0.0.1:8090/scim/v2/"),
                "t",
                null,
                Map.of(),
                false,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2));

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8090/scim/v2"));
        assertThat(settings.matchAttribute()).isEqualTo("userName");
        assertThat(settings.withMatchAttribute("EXTERNALID").matchAttribute()).isEqualTo("externalId");
    }

    @Verifies("URS-INT-008")
    @Test
    void settingsRefuseAnotherMatchAttributeAndTwoRolesOnOneGroup() {
        assertThatThrownBy(() -> settings(Map.of()).withMatchAttribute("emails"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(Map.of(RoleName.of("A"), "Operators", RoleName.of("B"), "OPERATORS")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both map to group");
    }

    @Verifies("URS-INT-008")
    @Test
    void mapsGroupsToRolesThroughTheSettings() {
        RoleName operator = RoleName.of("BSL.FILL-1.OPERATOR");
        ScimTargetSettings mapped = settings(Map.of(operator, "Filling line 1 operators"));

        assertThat(mapped.manages(operator)).isTrue();
        assertThat(mapped.manages(RoleName.of("OTHER"))).isFalse();
        assertThat(mapped.roleOfGroup("filling LINE 1 operators")).contains(operator);
        assertThat(mapped.roleOfGroup("BSL.FILL-1.OPERATOR")).isEmpty();

        ScimTargetSettings byName = mapped.withDefaultGroupsByRoleName(true);
        assertThat(byName.manages(RoleName.of("OTHER"))).isTrue();
        assertThat(byName.groupDisplayName(RoleName.of("OTHER"))).contains("OTHER");
        assertThat(byName.roleOfGroup("OTHER")).contains(RoleName.of("OTHER"));
        assertThat(byName.roleOfGroup("BSL.FILL-1.OPERATOR"))
                .as("a mapped role is granted only through its own group")
                .isEmpty();
        assertThat(byName.roleOfGroup("Not a role name")).isEmpty();
    }

    private static ScimTargetSettings settings(Map<RoleName, String> groups) {
        return ScimTargetSettings.of("mes", URI.create("http://127.0.0.1:8090/scim/v2"), "s3cret-token", groups);
    }
}
