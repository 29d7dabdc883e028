package org.qualigate.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class RequestPathTest {

    @Verifies("URS-SEC-030")
    @Test
    void aPathThatEncodesAnUnreservedCharacterIsNotCanonical() {
        assertThat(RequestPath.nonCanonical("/%61pi/v1/users"))
                .hasValueSatisfying(r -> assertThat(r).contains("'a'").contains("%61"));
        assertThat(RequestPath.nonCanonical("/api/v1/%75sers")).isPresent();
        assertThat(RequestPath.nonCanonical("/api/v1/people/E%2D1")).isPresent();
        assertThat(RequestPath.nonCanonical("/api/v1/people/%7E")).isPresent();
        assertThat(RequestPath.nonCanonical("/api/v1/x%4"))
                .hasValueSatisfying(r -> assertThat(r).contains("malformed"));
    }

    @Verifies("URS-SEC-030")
    @Test
    void aPathThatEncodesOnlyWhatMustBeEncodedIsCanonical() {
        assertThat(RequestPath.nonCanonical("/api/v1/users")).isEmpty();
        assertThat(RequestPath.nonCanonical("/api/v1/people/Ann%20Other")).isEmpty();
        assertThat(RequestPath.nonCanonical("/api/v1/explain?role=%41"))
                .as("a query is not the path")
                .isEmpty();
    }

    @Verifies("URS-SEC-030")
    @Test
    void theNormalisedPathIsDecodedWithoutParametersRepeatedSlashesOrDotSegmentsInLowerCase() {
        assertThat(RequestPath.normalised("/%61pi/v1/users")).isEqualTo("/api/v1/users");
        assertThat(RequestPath.normalised("/API/V1/Users")).isEqualTo("/api/v1/users");
        assertThat(RequestPath.normalised("//api//v1/users/")).isEqualTo("/api/v1/users");
        assertThat(RequestPath.normalised("/api;jsessionid=1/v1/users;x=y")).isEqualTo("/api/v1/users");
        assertThat(RequestPath.normalised("/people/../api/./v1/users")).isEqualTo("/api/v1/users");
        assertThat(RequestPath.normalised("/")).isEqualTo("/");
    }
}
