package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code authorisation-matrix.txt} read: per route ("METHOD /pattern") whether each caller may call it. */
final class AuthorisationMatrix {

    /** The columns of the matrix, in order; ANONYMOUS is a caller who did not sign in. */
    static final List<String> CALLERS = List.of(
            "ADMINISTRATOR", "QA_APPROVER", "HR_MAPPING_EDITOR", "PLANT_MANAGER", "AUDITOR", "SERVICE", "ANONYMOUS");

    private AuthorisationMatrix() {}

    static Map<String, List<Boolean>> rows() throws IOException {
        Map<String, List<Boolean>> rows = new LinkedHashMap<>();
        try (InputStream in = AuthorisationMatrix.class.getResourceAsStream("/authorisation-matrix.txt")) {
            assertThat(in).as("authorisation-matrix.txt on the test class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split("\\|");
                assertThat(cells)
                        .as("row '" + t + "' has a route and " + CALLERS.size() + " cells")
                        .hasSize(CALLERS.size() + 1);
                List<Boolean> row = new ArrayList<>();
                for (int i = 1; i < cells.length; i++) {
                    String c = cells[i].strip();
                    assertThat(c).as("cell in row '" + t + "'").isIn("allow", "deny");
                    row.add(c.equals("allow"));
                }
                assertThat(rows.put(cells[0].strip().replaceAll("\\s+", " "), row))
                        .as("duplicate row " + cells[0])
                        .isNull();
            }
        }
        return rows;
    }
}
