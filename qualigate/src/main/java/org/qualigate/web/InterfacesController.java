package org.qualigate.web;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.interfaces.IcdDocuments;
import org.qualigate.interfaces.InterfaceCatalogue;
import org.qualigate.interfaces.InterfaceDocument;
import org.qualigate.interfaces.InterfaceState;
import org.qualigate.interfaces.InterfaceStates;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The interfaces with their live state, and each one's interface control document as Markdown or PDF ({@code Accept:
 * text/markdown} or {@code application/pdf}, or {@code ?format=markdown|pdf}; Markdown when neither says).
 */
@RestController
class InterfacesController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8);

    private final InterfaceCatalogue catalogue;
    private final InterfaceStates states;
    private final IcdDocuments documents;

    InterfacesController(InterfaceCatalogue catalogue, InterfaceStates states, IcdDocuments documents) {
        this.catalogue = catalogue;
        this.states = states;
        this.documents = documents;
    }

    @GetMapping("/api/v1/interfaces")
    Interfaces interfaces() {
        List<InterfaceDocument> all = catalogue.all();
        Map<String, InterfaceState> state = states.of(all);
        return new Interfaces(
                all.stream().map(i -> item(i, state.get(i.name()))).toList());
    }

    @GetMapping("/api/v1/interfaces/{name}/icd")
    ResponseEntity<byte[]> icd(
            @PathVariable String name,
            @RequestParam(required = false) @Nullable String format,
            @RequestHeader(name = "Accept", required = false) @Nullable String accept) {
        boolean pdf = pdf(format, accept);
        byte[] body = documents.of(name, pdf).orElseThrow(() -> new ApiErrors.NotFound("no interface named " + name));
        return ResponseEntity.ok()
                .contentType(pdf ? MediaType.APPLICATION_PDF : MARKDOWN)
                .header("Content-Disposition", "inline; filename=\"icd-" + name + (pdf ? ".pdf" : ".md") + "\"")
                .body(body);
    }

    /** {@code format} decides when given; otherwise PDF only when the client asks for it and not for Markdown. */
    static boolean pdf(@Nullable String format, @Nullable String accept) {
        if (format != null) {
            return switch (format) {
                case "pdf" -> true;
                case "markdown", "md" -> false;
                default -> throw new ApiErrors.InvalidParameter("format", "must be markdown or pdf");
            };
        }
        return accept != null && accept.contains("application/pdf") && !accept.contains("text/markdown");
    }

    static InterfaceView item(InterfaceDocument i, InterfaceState s) {
        return new InterfaceView(
                i.name(),
                i.title(),
                i.system(),
                i.direction().name(),
                i.endpoint(),
                i.configured(),
                i.pausable(),
                new StateView(
                        s.handledLastHour(),
                        s.failedLastHour(),
                        s.backlog(),
                        s.deadLetters(),
                        s.slaBreachesLastHour(),
                        s.breaker(),
                        s.paused()),
                "/api/v1/interfaces/" + i.name() + "/icd");
    }

    record Interfaces(List<InterfaceView> items) {}

    /** An interface as its document names it, how it stands now, and where its control document is. */
    record InterfaceView(
            String name,
            String title,
            String system,
            String direction,
            String endpoint,
            boolean configured,
            boolean pausable,
            StateView state,
            String icd) {}

    /** How an interface stands now; a count not kept for this interface is absent. */
    record StateView(
            long handledLastHour,
            long failedLastHour,
            @Nullable Long backlog,
            @Nullable Long deadLetters,
            @Nullable Long slaBreachesLastHour,
            @Nullable String breaker,
            boolean paused) {}
}
