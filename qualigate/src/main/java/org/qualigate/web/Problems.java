package org.qualigate.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds RFC 9457 problem responses that name the offending field and the reason. */
final class Problems {

    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {}

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://qualigate.org/problems/" + type));
        p.setTitle(title);
        return p;
    }

    static ProblemDetail invalidField(HttpStatus status, String type, String title, String field, String reason) {
        ProblemDetail p = problem(status, type, title, field + " " + reason);
        p.setProperty("errors", List.of(new FieldError(field, reason)));
        return p;
    }

    static ResponseEntity<ProblemDetail> respond(ProblemDetail p, @Nullable Map<String, ?> extra) {
        if (extra != null) {
            extra.forEach(p::setProperty);
        }
        return ResponseEntity.status(p.getStatus()).contentType(PROBLEM_JSON).body(p);
    }

    /**
     * The members a problem about an event kept for review adds: the stored event's id, then {@code keptForReview}.
     * A map because a {@link ProblemDetail} takes its extension members as properties by name.
     */
    static Map<String, Object> keptForReview(UUID eventId) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("eventId", eventId.toString());
        members.put("keptForReview", true);
        return members;
    }

    /** One entry of a problem's {@code errors}: the field named and why it was refused. */
    record FieldError(String field, String reason) {}
}
