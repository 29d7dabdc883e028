package org.qualigate.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.qualigate.connector.TargetException;
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
