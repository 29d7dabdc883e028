package org.qualigate.text;

import org.jspecify.annotations.Nullable;

/**
 * Input a reader of a typed document refuses (a plant definition, decision 0054): its message is the English the API
 * and the logs give word for word, and {@link #said()} is the same reason as a sentence of the bundles, which a page
 * says in its reader's language. A position in the document ({@code proposed definition role BSL.FILL-1.OPERATOR})
 * is an argument of the sentence, not translated.
 */
public class RefusedInput extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Sentence said;

    public RefusedInput(String message, Sentence said) {
        super(message);
        this.said = said;
    }

    public RefusedInput(String message, Sentence said, @Nullable Throwable cause) {
        super(message, cause);
        this.said = said;
    }

    /** The reason as a sentence of the bundles. */
    public Sentence said() {
        return said;
    }

    /** What an exception says in the reader's language: its sentence, or its English message quoted as such. */
    public static Object saidOf(RuntimeException e) {
        return e instanceof RefusedInput r ? r.said() : Sentence.Quoted.english(e.getMessage());
    }
}
