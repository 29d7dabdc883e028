package org.qualigate.support;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Rows as JDBC hands them to a row mapper, for unit tests of what an answer makes of a row: its columns by label (and
 * by position, from 1, in the order given). A second row of the same table is the first {@link Row#with} the values
 * that differ, so a test shows only what sets the two apart.
 */
public final class Rows {

    private Rows() {}

    /** A row with no columns yet: add them in order with {@link Row#with}. */
    public static Row row() {
        return new Row(new LinkedHashMap<>());
    }

    /** A row's columns in their order; an instant is held as the {@link Timestamp} the driver gives. */
    public static final class Row {

        private final Map<String, @Nullable Object> byLabel;

        private Row(Map<String, @Nullable Object> byLabel) {
            this.byLabel = byLabel;
        }

        /** This row with the column's value ({@code null} a SQL NULL): replaced in its place, or added last. */
        public Row with(String label, @Nullable Object value) {
            Map<String, @Nullable Object> columns = new LinkedHashMap<>(byLabel);
            columns.put(label, value instanceof Instant at ? Timestamp.from(at) : value);
            return new Row(columns);
        }

        /**
         * The row as a {@link ResultSet} on it: only the getters a row mapper of the service calls are answered, an
         * instant as a {@link Timestamp}.
         */
        public ResultSet resultSet() {
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
}
