package org.qualigate.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Notices;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The notices sent or queued: expiry warnings and access confirmations, with their delivery state. */
@RestController
class NoticesController {

    private final Notices notices;

    NoticesController(Notices notices) {
        this.notices = notices;
    }

    @GetMapping("/api/v1/notices")
    NoticeList notices(
            @RequestParam(required = false) @Nullable String employeeId,
            @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 5_000) {
            throw new ApiErrors.InvalidParameter("limit", "must be between 1 and 5000");
        }
        if (employeeId != null) {
            PeopleController.id(employeeId);
        }
        var list = notices.recent(employeeId, limit);
        return new NoticeList(list, list.size());
    }

    /** The notices with their delivery state (the notice module's own record), and how many. */
    record NoticeList(List<?> notices, int count) {}
}
