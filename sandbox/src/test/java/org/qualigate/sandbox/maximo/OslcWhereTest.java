package org.qualigate.sandbox.maximo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OslcWhereTest {

    static final JsonNode ASSET = JsonMapper.builder()
            .build()
            .readTree("{\"assetnum\":\"BSL-BAL-0112\",\"siteid\":\"BSL\",\"status\":\"OPERATING\",\"assetuid\":1001,"
                    + "\"pluscduedate\":\"2026-12-01T00:00:00+00:00\"}");

    @Test
    void comparesStringsWildcardsListsNumbersAndDateTimes() {
        assertThat(OslcWhere.parse("siteid=\"BSL\" and status in [\"OPERATING\",\"BROKEN\"]")
                        .matches(ASSET))
                .isTrue();
        assertThat(OslcWhere.parse("assetnum=\"%BAL%\"").matches(ASSET)).isTrue();
        assertThat(OslcWhere.parse("assetuid>1000 and assetuid<=1001").matches(ASSET))
                .isTrue();
        assertThat(OslcWhere.parse("pluscduedate<\"2026-11-30T23:00:00-02:00\"").matches(ASSET))
                .isTrue();
        assertThat(OslcWhere.parse("pluscduedate<\"2026-11-30T00:00:00+00:00\"").matches(ASSET))
                .isFalse();
        assertThat(OslcWhere.parse("calibrationresult!=\"FAIL\"").matches(ASSET))
                .isTrue();
    }

    @Test
    void refusesAListWithoutBrackets() {
        assertThatThrownBy(() -> OslcWhere.parse("status in \"OPERATING\"")).hasMessageContaining("brackets");
    }
}
