package org.qualigate.ui;

import org.qualigate.quality.RecallView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** Recalls: the list with how many steps are done, waiting or failed, and one recall's plan step by step. */
@Controller
class RecallPage {

    private final RecallView recalls;

    RecallPage(RecallView recalls) {
        this.recalls = recalls;
    }

    @GetMapping("/quality/recalls")
    String list(Model model) {
        model.addAttribute("recalls", recalls.list(200));
        return "recalls";
    }

    @GetMapping("/quality/recalls/{id}")
    String recall(@PathVariable String id, Model model) {
        model.addAttribute(
                "r",
                recalls.find(id)
                        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no recall " + id)));
        return "recall";
    }
}
