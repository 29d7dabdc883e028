package org.qualigate.web;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.training.TrainingReviews;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The QMS sync's review list: records the QMS refused (with its message), authority collisions, people given up on. */
@RestController
class TrainingReviewController {

    private final TrainingReviews reviews;

    TrainingReviewController(TrainingReviews reviews) {
        this.reviews = reviews;
    }

    @GetMapping("/api/v1/review/training-records")
    Map<String, Object> list(@RequestParam(required = false) @Nullable String employeeId) {
        List<Map<String, Object>> entries = reviews.list(employeeId);
        return Map.of("entries", entries, "count", entries.size());
    }
}
