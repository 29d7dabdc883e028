package org.qualigate.ui;

import java.time.ZoneId;
import java.util.Locale;
import org.qualigate.text.SentenceWriter;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The pages' message bundles as the service reads them, and sentences written from them, for unit tests. */
final class Bundles {

    /** Both bundles, UTF-8, with no fall-back to the machine's locale ({@code spring.messages.*}). */
    static final ResourceBundleMessageSource MESSAGES = messages();

    private Bundles() {}

    /** A writer of sentences in the language and the reader's zone. */
    static SentenceWriter writer(Locale language, ZoneId zone) {
        return new SentenceWriter(MESSAGES, language, zone);
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
