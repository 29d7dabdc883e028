package org.qualigate.access;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of a command that may be refused: the value, or the refusal with its kind and, per offending
 * field, the reason. A refusal is an answer, not an error.
 */
public record Verdict<T>(@Nullable T value, @Nullable Refusal refusal) {

    /** Why a command was refused: its kind and, where a field was at fault, which and why. */
    public record Refusal(Kind kind, List<FieldError> errors, String detail) {

        public Refusal {
            errors = List.copyOf(errors);
        }
    }

    /** One offending field and the reason. */
    public record FieldError(String field, String reason) {}

    /** What kind of refusal: invalid input, not allowed for this user, unknown, or in the wrong state. */
    public enum Kind {
        INVALID,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT
    }

    public static <T> Verdict<T> of(T value) {
        return new Verdict<>(value, null);
    }

    public static <T> Verdict<T> invalid(List<FieldError> errors) {
        return new Verdict<>(
                null,
                new Refusal(
                        Kind.INVALID,
                        errors,
                        errors.stream()
                                .map(e -> e.field() + " " + e.reason())
                                .reduce((a, b) -> a + "; " + b)
                                .orElse("invalid")));
    }

    public static <T> Verdict<T> refused(Kind kind, String detail) {
        return new Verdict<>(null, new Refusal(kind, List.of(), detail));
    }

    public Optional<T> accepted() {
        return Optional.ofNullable(value);
    }
}
