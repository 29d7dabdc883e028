package org.qualigate.interfaces;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The configuration in force, read the way the owning modules bind it ({@code qualigate.*} from every property
 * source, environment variables included). An endpoint is shown without any user information or query, so a URL
 * that carries a credential never reaches a document.
 */
record Configured(Binder binder) {

    static final String NOT_CONFIGURED = "not configured";

    String text(String key, String otherwise) {
        String value = binder.bind(key, String.class).map(String::strip).orElse("");
        return value.isEmpty() ? otherwise : value;
    }

    boolean present(String key) {
        return !text(key, "").isEmpty();
    }

    Duration duration(String key, Duration otherwise) {
        return binder.bind(key, Duration.class).orElse(otherwise);
    }

    int number(String key, int otherwise) {
        return binder.bind(key, Integer.class).orElse(otherwise);
    }

    List<String> list(String key) {
        return binder.bind(key, Bindable.listOf(String.class)).orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The names under a map-valued key ({@code qualigate.targets} → {@code mes}, …). */
    List<String> names(String key) {
        return binder.bind(key, Bindable.mapOf(String.class, Object.class))
                .map(Map::keySet)
                .map(k -> k.stream().sorted().toList())
                .orElse(List.of());
    }

    /** The base URL under {@code key} followed by {@code path}, without credentials or query; or "not configured". */
    String endpoint(String key, String path) {
        String url = text(key, "");
        return url.isEmpty() ? NOT_CONFIGURED : withoutSecrets(url) + path;
    }

    static String withoutSecrets(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return "(a URL that does not parse)";
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                    + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        } catch (IllegalArgumentException e) {
            return "(a URL that does not parse)";
        }
    }

    static String duration(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
            return d.toDays() + " d";
        }
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + " h";
        }
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
