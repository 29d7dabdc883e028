package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.qualigate.access.ImpactPreview;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.change.ChangeSetPreview;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rules in force, and the impact preview of a proposed plant definition: who would gain or lose
 * which role, and when, without applying anything.
 */
@RestController
class RulesController {

    private static final int MAX_BYTES = 1 << 20;

    private final PlantDefinition plant;
    private final ImpactPreview preview;

    RulesController(PlantDefinition plant, ImpactPreview preview) {
        this.plant = plant;
        this.preview = preview;
    }

    @GetMapping(path = "/api/v1/rules", produces = "application/yaml")
    String current() {
        return plant.current().text();
    }

    @PostMapping(path = "/api/v1/rules/preview")
    RulesPreview preview(HttpServletRequest request) throws IOException {
        byte[] body = RequestBodies.required(request, MAX_BYTES, "a plant definition (YAML or JSON)");
        Plant proposed;
        try {
            proposed = PlantDefinition.parse(new String(body, StandardCharsets.UTF_8), "proposed definition");
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            throw new ApiErrors.InvalidParameter("body", e.getMessage());
        }
        return answer(preview.preview(proposed));
    }

    /** The impact as this endpoint answers it: never applied. */
    static RulesPreview answer(ImpactPreview.Impact impact) {
        return new RulesPreview(ChangeSetPreview.Impact.of(impact), false);
    }

    /** What a proposed plant definition would change, person by person; a preview is never applied. */
    record RulesPreview(@JsonUnwrapped ChangeSetPreview.Impact impact, boolean applied) {}
}
