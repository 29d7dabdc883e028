package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.intake.SourceSettings;
import org.qualigate.validation.Verifies;
import org.springframework.mock.web.MockHttpServletRequest;

class StandardWebhookFilterTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final StandardWebhookFilter filter = new StandardWebhookFilter(
            new StandardWebhookAnswers(
                    null,
                    new SourceSettings(Map.of(
                            "hris", new SourceSettings.Source(List.of(SECRET), "workday"),
                            "workday", new SourceSettings.Source(List.of(SECRET), "workday"),
                            "trackwise", new SourceSettings.Source(List.of(SECRET), "workday"),
                            "unsigned", new SourceSettings.Source(List.of(), "workday"))),
                    Clock.systemUTC(),
                    null),
            "trackwise");

    @Verifies("URS-INT-150")
    @Test
    void aPostToAConfiguredSourceIsAnsweredBeforeTheServletStack() {
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/hris"))).isEqualTo("hris");
        assertThat(filter.source(request("POST", "/qg", "/qg/api/v1/hooks/hris")))
                .isEqualTo("hris");
    }

    @Verifies({"URS-INT-150", "URS-SEC-001"})
    @Test
    void everyOtherRequestIsLeftToTheSecurityChainAndTheControllers() {
        // other methods, and the paths with controllers and chains of their own
        assertThat(filter.source(request("GET", "", "/api/v1/hooks/hris"))).isNull();
        assertThat(filter.source(request("PUT", "", "/api/v1/hooks/hris"))).isNull();
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/workday"))).isNull();
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/trackwise")))
                .isNull();
        // a source that is not configured, or has no secret: the controller's 404
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/nobody"))).isNull();
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/unsigned"))).isNull();
        // any unusual spelling of the path goes through the firewall as before
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/"))).isNull();
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/hris/"))).isNull();
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/hris;jsessionid=1")))
                .isNull();
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/%68ris"))).isNull();
        assertThat(filter.source(request("POST", "", "/api/v1/hooks/../hooks/hris")))
                .isNull();
        assertThat(filter.source(request("POST", "", "/api/v1//hooks/hris"))).isNull();
        assertThat(filter.source(request("POST", "/qg", "/api/v1/hooks/hris"))).isNull();
    }

    private static MockHttpServletRequest request(String method, String contextPath, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        request.setContextPath(contextPath);
        return request;
    }
}
