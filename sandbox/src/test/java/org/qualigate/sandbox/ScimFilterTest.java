package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ScimFilterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNode USER = JSON.readTree("""
            {"id":"abc","userName":"E10023","externalId":"E10023","displayName":"Lukas Meier","active":true,
             "emails":[{"value":"lukas.meier@pharma.example","type":"work"}],
             "meta":{"lastModified":"2026-11-20T10:00:00Z"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"division":"BSL"}}
            """);

    static boolean test(String filter) {
        return ScimFilter.parse(filter).test(USER);
    }

    @Test
    void andBindsTighterThanOr() {
        assertThat(test("userName eq \"x\" and active eq true or displayName sw \"Lukas\""))
                .isTrue();
        assertThat(test("userName eq \"x\" and (active eq true or displayName sw \"Lukas\")"))
                .isFalse();
    }

    @Test
    void operatorsAndAttributeNamesIgnoreCase() {
        assertThat(test("USERNAME EQ \"e10023\"")).isTrue();
        assertThat(test("displayname Co \"MEIER\"")).isTrue();
    }

    @Test
    void comparesDatesAndReadsExtensionsAndComplexValues() {
        assertThat(test("meta.lastModified gt \"2026-11-01T00:00:00Z\"")).isTrue();
        assertThat(test("meta.lastModified lt \"2026-11-01T00:00:00Z\"")).isFalse();
        assertThat(test("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division eq \"BSL\""))
                .isTrue();
        assertThat(test("emails co \"pharma\"")).isTrue();
        assertThat(test("title pr")).isFalse();
        assertThat(test("not(title pr)")).isTrue();
    }

    @Test
    void refusesBrokenFilters() {
        assertThatThrownBy(() -> ScimFilter.parse("userName xx \"a\""))
                .isInstanceOf(ScimException.class)
                .hasMessageContaining("unknown operator");
        assertThatThrownBy(() -> ScimFilter.parse("(userName eq \"a\"")).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> ScimFilter.parse("userName eq \"a")).isInstanceOf(ScimException.class);
    }
}
