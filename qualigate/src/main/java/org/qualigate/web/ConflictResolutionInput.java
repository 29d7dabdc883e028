package org.qualigate.web;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Verdict;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import tools.jackson.databind.JsonNode;

/**
 * A conflict's resolution as the API takes it: {@code resolution}, {@code reason}, {@code userId} and {@code
 * password} from the body, signed with the meaning "resolved" — the API is stateless, so every resolution is a
 * session of its own and needs the user id and the password (decision 0015). A refusal of the signature alone is a
 * {@code 422 signature-refused}; any other refusal is answered as every refusal is. The QMS and calibration
 * conflicts use it, each with its own reading of a text field.
 */
final class ConflictResolutionInput {

    /** What resolves the conflict: the resolution, the actor, the reason, the signature's inputs. */
    interface Resolution<T> {
        Verdict<T> resolve(
                @Nullable String resolution, String actor, @Nullable String reason, SignatureRequest signing);
    }

    private ConflictResolutionInput() {}

    /**
     * The resolution's answer: the resolved conflict as {@code view} shows it, or the refusal ({@code text} reads a
     * field of the body; {@code signatureRefusal} says whether a refusal naming only the user id or password is one
     * of the signature).
     */
    static <T> ResponseEntity<?> answer(
            @Nullable JsonNode body,
            Authentication caller,
            BiFunction<@Nullable JsonNode, String, @Nullable String> text,
            Resolution<T> resolution,
            Function<T, ?> view,
            Predicate<Refusal> signatureRefusal) {
        SignatureRequest signing = new SignatureRequest(
                caller.getName(),
                text.apply(body, "userId"),
                SigningInput.secret(body, "password"),
                Meaning.RESOLVED,
                text.apply(body, "reason"),
                false);
        Verdict<T> v = resolution.resolve(
                text.apply(body, "resolution"), "user:" + caller.getName(), text.apply(body, "reason"), signing);
        if (v.refusal() == null) {
            return ResponseEntity.ok(view.apply(v.value()));
        }
        List<Refusal> errors = v.refusal().errors();
        boolean signatureOnly = !errors.isEmpty()
                && errors.stream().allMatch(e -> "userId".equals(e.field()) || "password".equals(e.field()))
                && signatureRefusal.test(errors.getFirst());
        if (signatureOnly) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "signature-refused",
                            "Signature refused",
                            errors.getFirst().field(),
                            errors.getFirst().reason()),
                    null);
        }
        return OverridesController.refusal(v.refusal());
    }

    /**
     * As {@link #answer}, for a body that must be a JSON object of text fields (any other value of a field is refused
     * by its name), whose choice is the field {@code choiceField} ({@code resolution} or {@code decision}); a refusal
     * naming only the user id or password is the signature's when its reason says so (a missing one is a field to
     * fill in).
     */
    static <T> ResponseEntity<?> answerFromObject(
            @Nullable JsonNode body,
            String choiceField,
            Authentication caller,
            Resolution<T> resolution,
            Function<T, ?> view) {
        if (body != null && !body.isObject()) {
            throw new ApiErrors.InvalidParameter("body", "must be a JSON object");
        }
        return answer(
                body,
                caller,
                (node, field) -> textField(node, "resolution".equals(field) ? choiceField : field),
                resolution,
                view,
                e -> e.reason().startsWith("signature refused"));
    }

    /** A text field of the body, or null when absent, null or blank; another kind of value is refused. */
    private static @Nullable String textField(@Nullable JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v != null && !v.isNull() && !v.isString()) {
            throw new ApiErrors.InvalidParameter(field, "must be a string");
        }
        return v == null || v.isNull() || v.asString().isBlank() ? null : v.asString();
    }
}
