package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.ObjectMapper;

/**
 * An address nothing answers: in the UI, the readable "not found" page; under the API (and the other
 * machine paths), the RFC 9457 problem the API has always answered. The one handler for both, because an
 * address no controller maps belongs to no controller's advice.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownPages {

    private final ObjectMapper json;
    private final PageErrors pages;

    UnknownPages(ObjectMapper json, PageErrors pages) {
        this.json = json;
        this.pages = pages;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    @Nullable
    ModelAndView notFound(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (UiSecurityConfiguration.isUiPath(request)) {
            return pages.page(HttpStatus.NOT_FOUND, request);
        }
        var problem = e.getBody();
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.NOT_FOUND.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), problem);
        return null; // answered
    }
}
