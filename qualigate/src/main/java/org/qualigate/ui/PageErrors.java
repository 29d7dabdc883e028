package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What a page answers when it cannot show what was asked for: a readable page in the layout — not found, a
 * wrong address, or an error with the time to tell the system owner — never the API's JSON problem (which
 * stays the API's answer). Only the page controllers' errors come here; an address no page answers is
 * {@link UnknownPages}'s.
 */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final java.time.Clock clock;

    PageErrors(java.time.Clock clock) {
        this.clock = clock;
    }

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView status(ResponseStatusException e, HttpServletRequest request) {
        return page(e.getStatusCode(), request);
    }

    @ExceptionHandler({
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class,
        MaxUploadSizeExceededException.class
    })
    ModelAndView badRequest(Exception e, HttpServletRequest request) {
        return page(HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ModelAndView methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return page(HttpStatus.METHOD_NOT_ALLOWED, request);
    }

    @ExceptionHandler(RuntimeException.class)
    ModelAndView unexpected(RuntimeException e, HttpServletRequest request) {
        log.error("page {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** The problem page for a status: 400, 403, 404, 405, 409 and 410 have their own words, others an error's. */
    ModelAndView page(HttpStatusCode status, HttpServletRequest request) {
        ModelAndView page = new ModelAndView("problem");
        page.setStatus(status);
        page.addObject("status", status.value());
        page.addObject(
                "problemTitle",
                switch (status.value()) {
                    case 404 -> "problem.404.title";
                    case 403 -> "denied.title";
                    case 400 -> "problem.title.400";
                    default -> "problem.title";
                });
        page.addObject("path", request.getRequestURI());
        page.addObject("at", clock.instant());
        return PageModel.withLayout(page, request);
    }
}
