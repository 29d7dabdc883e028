package org.qualigate.ui;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.qualigate.interfaces.IcdDocuments;
import org.qualigate.interfaces.InterfaceCatalogue;
import org.qualigate.interfaces.InterfaceDocument;
import org.qualigate.interfaces.InterfaceStates;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** Every interface with its live state and a link to its control document, as Markdown and as PDF. */
@Controller
class InterfacesPage {

    private final InterfaceCatalogue catalogue;
    private final InterfaceStates states;
    private final IcdDocuments documents;

    InterfacesPage(InterfaceCatalogue catalogue, InterfaceStates states, IcdDocuments documents) {
        this.catalogue = catalogue;
        this.states = states;
        this.documents = documents;
    }

    @GetMapping("/interfaces")
    String interfaces(Model model) {
        List<InterfaceDocument> all = catalogue.all();
        model.addAttribute("interfaces", all);
        model.addAttribute("states", states.of(all));
        return "interfaces";
    }

    /** The control document for the page's own session (the API takes Basic credentials, not the page's cookie). */
    @GetMapping("/interfaces/{name}/icd")
    ResponseEntity<byte[]> icd(@PathVariable String name, @RequestParam(defaultValue = "markdown") String format) {
        boolean pdf = format.equals("pdf");
        byte[] body = documents
                .of(name, pdf)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no interface " + name));
        return ResponseEntity.ok()
                .contentType(
                        pdf ? MediaType.APPLICATION_PDF : new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .header("Content-Disposition", "inline; filename=\"icd-" + name + (pdf ? ".pdf" : ".md") + "\"")
                .body(body);
    }
}
