package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class UnhandledErrorsTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(UnhandledErrors.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final UnhandledErrors.LastResort filter = new UnhandledErrors.LastResort();
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/audit");
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Verifies("URS-BCP-041")
    @Test
    void aClassThatCanNoLongerBeLoadedIsAnswered500ProblemJsonAndLogged() throws Exception {
        NoClassDefFoundError broken = new NoClassDefFoundError("ch/qos/logback/classic/spi/ThrowableProxy");

        filter.doFilter(request, response, (req, res) -> {
            throw broken;
        });

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.get("status").asInt()).isEqualTo(500);
        assertThat(problem.get("title").asString()).isEqualTo("Internal error");
        assertThat(response.getContentAsString()).doesNotContain("NoClassDefFoundError");
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).isEqualTo("GET /api/v1/audit could not be handled; answered 500");
            assertThat(e.getThrowableProxy().getClassName()).isEqualTo(NoClassDefFoundError.class.getName());
        });
    }

    @Verifies("URS-BCP-040")
    @Test
    void aHealthPageThatCannotLoadAClassForItsAnswerSaysDown503() throws Exception {
        MockHttpServletRequest readiness = new MockHttpServletRequest("GET", "/actuator/health/readiness");

        filter.doFilter(readiness, response, (req, res) -> {
            throw new IllegalStateException(
                    "health contributor failed", new NoClassDefFoundError("org/qualigate/validation/ArtifactHealth$1"));
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(logged.list)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .isEqualTo("GET /actuator/health/readiness could not be handled; answered 503"));
    }

    @Test
    void aHealthPageFailingForAnotherReasonIsAnInternalError() throws Exception {
        MockHttpServletRequest health = new MockHttpServletRequest("GET", "/actuator/health");

        filter.doFilter(health, response, (req, res) -> {
            throw new IllegalStateException("a bug");
        });

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
    }

    @Test
    void anAnswerAlreadyOnItsWayIsNotAddedToAndTheErrorEndsTheExchange() throws Exception {
        IllegalStateException late = new IllegalStateException("failed while streaming");

        assertThatThrownBy(() -> filter.doFilter(request, response, (req, res) -> {
                    res.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
                    res.flushBuffer();
                    throw late;
                }))
                .isSameAs(late);
        assertThat(response.getContentAsString()).isEqualTo("partial");
        assertThat(logged.list).hasSize(1);
    }

    @Test
    void requestsThatSucceedPassUntouched() throws Exception {
        filter.doFilter(request, response, (req, res) -> res.getWriter().write("ok"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("ok");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void theErrorPathIsLoadedAtStartWithoutWritingAnything() {
        UnhandledErrors.preloadErrorPath();

        assertThat(logged.list).isEmpty();
    }
}
