package org.qualigate.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.RetryAfter;
import org.qualigate.validation.Verifies;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fuzzing of what a SCIM server answers: error bodies, list responses and Retry-After headers. */
class ScimResponseFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);

    @Verifies({"URS-INT-008", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyErrorBodyIsReadWithAStatusAndAShortDetail(int httpStatus, @NotNull String body) {
        int status = 400 + Math.floorMod(httpStatus, 200);

        ScimError error = ScimError.parse(status, body, JSON);

        assertThat(error).isNotNull();
        assertThat(error.toString()).hasSizeLessThan(body.length() + 2_000);
    }

    /**
     * The seeds of {@link #anyErrorBodyIsReadWithAStatusAndAShortDetail}, by name: what SCIM servers and the
     * proxies in front of them answer. Jazzer keeps several parameters in its own binary form; {@code
     * FuzzSeedFiles} writes these into the seed folder and checks them there. The status is given as the test
     * reads it (400 + the parameter modulo 200).
     */
    static Map<String, Object[]> anyErrorBodyIsReadWithAStatusAndAShortDetailSeeds() {
        Map<String, Object[]> seeds = new LinkedHashMap<>();
        seeds.put("scim-not-found", new Object[] {
            404 - 400,
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"404\","
                    + "\"detail\":\"Resource 2819c223-7f76-453a-919d-413861904646 not found\"}"
        });
        seeds.put("scim-uniqueness", new Object[] {
            409 - 400,
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"scimType\":\"uniqueness\","
                    + "\"detail\":\"userName E10023 is already taken\",\"status\":409}"
        });
        seeds.put("scim-version-mismatch", new Object[] {
            412 - 400,
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"412\","
                    + "\"detail\":\"If-Match W/\\\"3694e05e9dff590\\\" does not match\"}"
        });
        seeds.put("proxy-html", new Object[] {
            502 - 400, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
        });
        seeds.put("rate-limited-empty-body", new Object[] {429 - 400, ""});
        seeds.put("status-not-a-number", new Object[] {
            500 - 400, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"five hundred\"}"
        });
        seeds.put("detail-not-a-string", new Object[] {400 - 400, "{\"status\":\"400\",\"detail\":{\"nested\":[1,2,3]}}"
        });
        seeds.put("long-detail-with-controls", new Object[] {
            503 - 400, "{\"status\":\"503\",\"detail\":\"" + "maintenance\\u0000\\r\\n".repeat(40) + "\"}"
        });
        seeds.put("negative-parameter", new Object[] {-1, "{\"status\":\"599\"}"});
        return seeds;
    }

    @Verifies({"URS-INT-008", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyListResponseIsReadOrRefusedAsAPermanentFailure(@NotNull String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException notJson) {
            return;
        }
        if (json == null) {
            return;
        }
        try {
            ScimListResponse page = ScimListResponse.of(json, "fuzz");
            assertThat(page.totalResults()).isNotNegative();
            assertThat(page.resources()).allMatch(JsonNode::isObject);
        } catch (TargetException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz");
        }
    }

    @Verifies({"URS-BCP-001", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyRetryAfterIsAWaitThatIsNeverNegativeOrNothing(@NotNull String header) {
        RetryAfter.parse(header, CLOCK).ifPresent(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ZERO));
    }
}
