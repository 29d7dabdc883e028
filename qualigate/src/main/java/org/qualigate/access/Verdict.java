package org.qualigate.access;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of a command that may be refused: the value, or the refusal with its kind and, per offending
 * field, the reason ({@link org.qualigate.text.Refusal}: the API's English and the sentence a page says). A
 * refusal is an answer, not an error.
 */
public record Verdict<T>(@Nullable T value, @Nullable Refusal refusal) {

    /** Why a command was refused: its kind, the offending fields with their reasons, and the whole refusal. */
    public record Refusal(Kind kind, List<org.qualigate.text.Refusal> errors, org.qualigate.text.Refusal whole) {

        public Refusal {
            errors = List.copyOf(errors);
        }

        /** The whole refusal in the API's English (the problem's {@code detail}). */
        public String detail() {
            return whole.reason();
        }
    }

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

    public static <T> Verdict<T> invalid(List<org.qualigate.text.Refusal> errors) {
        String detail = errors.stream()
                .map(e -> e.field() + " " + e.reason())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid");
        return new Verdict<>(
                null,
                new Refusal(
                        Kind.INVALID,
                        errors,
                        errors.size() == 1
                                ? new org.qualigate.text.Refusal(
                                        null, detail, errors.getFirst().said())
                                : org.qualigate.text.Refusal.whole(detail, "refusal.fields")));
    }

    public static <T> Verdict<T> invalid(org.qualigate.text.Refusal error) {
        return invalid(List.of(error));
    }

    public static <T> Verdict<T> refused(Kind kind, org.qualigate.text.Refusal whole) {
        return new Verdict<>(null, new Refusal(kind, List.of(), whole));
    }

    public Optional<T> accepted() {
        return Optional.ofNullable(value);
    }
}
