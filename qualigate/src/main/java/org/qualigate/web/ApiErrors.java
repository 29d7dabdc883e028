package org.qualigate.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every error of the API into problem+json; no stack trace ever leaves the service. */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidParameter.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameter e) {
        return Problems.respond(
                Problems.invalidField(
                        HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", e.field(), e.reason()),
                null);
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound(NotFound e) {
        return Problems.respond(Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()), null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.respond(
                Problems.invalidField(
                        HttpStatus.BAD_REQUEST,
                        "invalid-parameter",
                        "Invalid parameter",
                        e.getName(),
                        "has an invalid value"),
                null);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            org.springframework.http.HttpHeaders headers,
            org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        ProblemDetail p = Problems.invalidField(
                HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", ex.getParameterName(), "is required");
        return ResponseEntity.badRequest().contentType(Problems.PROBLEM_JSON).body(p);
    }

    /**
     * The firewall refused a parameter as it was read (a handler asked for it): a 400 like any other bad
     * parameter. Paths are refused before any chain ({@code SecurityConfiguration#canonicalPaths}).
     */
    @ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(org.springframework.security.web.firewall.RequestRejectedException e) {
        return Problems.respond(
                Problems.problem(HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected", e.getMessage()), null);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("request failed", e);
        return Problems.respond(
                Problems.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Internal error",
                        "the request could not be completed; the error is logged"),
                null);
    }

    /** A request parameter with a value the API cannot use. */
    static final class InvalidParameter extends RuntimeException {
        private final String field;
        private final String reason;

        InvalidParameter(String field, String reason) {
            super(field + " " + reason);
            this.field = field;
            this.reason = reason;
        }

        String field() {
            return field;
        }

        String reason() {
            return reason;
        }
    }

    /** The requested resource does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
