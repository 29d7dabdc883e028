package org.qualigate.support;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row as JDBC hands it to a row mapper, for unit tests of what an answer makes of a row: its columns by label (and
 * by position, from 1, in the order given). Only the getters a row mapper of the service calls are answered; an
 * instant is handed out as the {@link Timestamp} the driver gives.
 */
public final class Rows {

    private Rows() {}

    /** A row of these columns: label, value, label, value… ({@code null} a SQL NULL). */
    public static ResultSet of(Object... labelsAndValues) {
        Map<String, Object> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            Object v = labelsAndValues[i + 1];
            byLabel.put((String) labelsAndValues[i], v instanceof Instant at ? Timestamp.from(at) : v);
        }
        List<String> labels = List.copyOf(byLabel.keySet());
        return (ResultSet) Proxy.newProxyInstance(
                Rows.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, a) -> {
                    String label = a[0] instanceof Integer index ? labels.get(index - 1) : (String) a[0];
                    if (!byLabel.containsKey(label)) {
                        throw new IllegalArgumentException("no column " + a[0] + " in the row");
                    }
                    Object v = byLabel.get(label);
                    return switch (m.getName()) {
                        case "getString" -> v == null ? null : v.toString();
                        case "getInt" -> v == null ? 0 : ((Number) v).intValue();
                        case "getDouble" -> v == null ? 0.0 : ((Number) v).doubleValue();
                        case "getTimestamp" -> v;
                        case "getObject" -> a.length > 1 ? ((Class<?>) a[1]).cast(v) : v;
                        default -> throw new UnsupportedOperationException(m.getName());
                    };
                });
    }
}
