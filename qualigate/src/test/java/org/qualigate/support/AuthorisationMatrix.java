package org.qualigate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The table of who may call each route ({@code authorisation-matrix.txt}): one row per route, one cell per
 * caller. Read by the test that holds the security configuration to it and by the one that holds every page's
 * forms to it.
 */
public final class AuthorisationMatrix {

    /** The columns, in order; ANONYMOUS is a caller who did not sign in. */
    public static final List<String> CALLERS = List.of(
            "ADMINISTRATOR", "QA_APPROVER", "HR_MAPPING_EDITOR", "PLANT_MANAGER", "AUDITOR", "SERVICE", "ANONYMOUS");

    private final Map<String, List<Boolean>> rows;

    private AuthorisationMatrix(Map<String, List<Boolean>> rows) {
        this.rows = rows;
    }

    /** The table as written; a malformed row fails with what is wrong with it. */
    public static AuthorisationMatrix read() {
        Map<String, List<Boolean>> rows = new LinkedHashMap<>();
        try (InputStream in = AuthorisationMatrix.class.getResourceAsStream("/authorisation-matrix.txt")) {
            if (in == null) {
                throw new IllegalStateException("authorisation-matrix.txt is not on the test class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split("\\|");
                if (cells.length != CALLERS.size() + 1) {
                    throw new IllegalStateException("row '" + t + "' has not a route and " + CALLERS.size() + " cells");
                }
                List<Boolean> row = new ArrayList<>();
                for (int i = 1; i < cells.length; i++) {
                    String c = cells[i].strip();
                    if (!c.equals("allow") && !c.equals("deny")) {
                        throw new IllegalStateException(
                                "cell '" + c + "' in row '" + t + "' is neither allow nor deny");
                    }
                    row.add(c.equals("allow"));
                }
                if (rows.put(cells[0].strip().replaceAll("\\s+", " "), row) != null) {
                    throw new IllegalStateException("duplicate row " + cells[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AuthorisationMatrix(rows);
    }

    /** Every row: "METHOD /path/{var}" to one cell per caller. */
    public Map<String, List<Boolean>> rows() {
        return rows;
    }

    /**
     * The route ("POST /review/events/{id}/acknowledge") a concrete request ("POST", "/review/events/42/…")
     * falls under, when the table has one.
     */
    public Optional<String> routeOf(String method, String path) {
        String bare = path.split("[?#]", 2)[0];
        return rows.keySet().stream()
                .filter(route -> route.startsWith(method + " "))
                .filter(route -> Pattern.compile(Pattern.quote(route.substring(method.length() + 1))
                                .replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"))
                        .matcher(bare)
                        .matches())
                // a literal route wins over one with a variable in the same place
                .min(java.util.Comparator.comparingInt(r -> r.split("\\{", -1).length));
    }

    /** Whether the table lets the caller (a column name) send the request; false for a route it lacks. */
    public boolean allows(String method, String path, String caller) {
        return routeOf(method, path)
                .map(route -> rows.get(route).get(CALLERS.indexOf(caller)))
                .orElse(false);
    }
}
