package org.qualigate.intake;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The signed webhook sources ({@code qualigate.sources.<name>}): their Standard Webhooks secrets (several
 * during a key rotation) and the dictionary their certification ids are looked up in.
 */
@ConfigurationProperties("qualigate")
public record SourceSettings(Map<String, Source> sources) {

    public SourceSettings {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /** One webhook source. */
    public record Source(List<String> secrets, String dictionary) {

        public Source {
            secrets = secrets == null
                    ? List.of()
                    : secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
            dictionary = dictionary == null || dictionary.isBlank() ? "workday" : dictionary;
        }

        @Override
        public String toString() {
            return "Source[secrets=" + secrets.size() + " configured, dictionary=" + dictionary + "]";
        }
    }
}
