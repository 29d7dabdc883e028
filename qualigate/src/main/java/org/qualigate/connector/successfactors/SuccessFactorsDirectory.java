package org.qualigate.connector.successfactors;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.TargetException;
import org.qualigate.trace.Traces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The worker directory read from SuccessFactors {@code User}, active and inactive (a query without a status
 * condition returns active users only, which would hide terminations), with the manager expanded; the site is
 * {@code location}, the line {@code department}, the change moment {@code lastModifiedDateTime}. A page without the
 * expected shape stops the read: a partial directory would look like terminations. A user whose dates cannot be
 * read is returned with the reason, and set aside by the caller.
 */
public final class SuccessFactorsDirectory implements HrisDirectory {

    private static final String SELECT =
            "userId,firstName,lastName,email,location,department,status,hireDate,title,lastModifiedDateTime,manager/userId";
    private static final int MAX_PAGES = 100_000;

    private final SuccessFactorsSettings settings;
    private final ODataCalls calls;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public SuccessFactorsDirectory(SuccessFactorsSettings settings, Clock clock, Traces.CallRecorder recorder) {
        this(settings, clock, Thread::sleep, recorder);
    }

    SuccessFactorsDirectory(
            SuccessFactorsSettings settings, Clock clock, ODataCalls.Pause pause, Traces.CallRecorder recorder) {
        this.settings = settings;
        this.calls = new ODataCalls(settings, clock, pause, recorder);
    }

    @Override
    public String name() {
        return settings.source();
    }

    @Override
    public List<Worker> workers() {
        List<Worker> all = new ArrayList<>();
        URI uri = ODataPaths.users(settings.apiBaseUrl(), SELECT, ODataPaths.ALL_STATUSES, settings.pageSize(), true);
        Set<URI> seen = new HashSet<>();
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            seen.add(uri);
            ODataCalls.Body body = calls.get(uri);
            ODataCalls.Page page;
            try {
                page = ODataCalls.page(ODataCalls.json(body.bytes()))
                        .orElseThrow(() -> TargetException.transientFailure(
                                "SuccessFactors User page has no 'd.results' array", null));
            } catch (JacksonException e) {
                throw TargetException.transientFailure("SuccessFactors User page is not JSON", e);
            }
            for (JsonNode u : page.entries()) {
                String id = text(u, "userId");
                if (id != null) {
                    all.add(worker(id, u));
                }
            }
            if (page.next() == null) {
                return all;
            }
            uri = ODataCalls.resolve(uri, page.next());
            if (seen.contains(uri)) {
                throw TargetException.transientFailure("SuccessFactors repeats its __next link: " + uri, null);
            }
        }
        throw TargetException.transientFailure("SuccessFactors User has more than " + MAX_PAGES + " pages", null);
    }

    static Worker worker(String id, JsonNode u) {
        JsonNode manager = u.get("manager");
        String managerId = manager != null && manager.isObject() ? text(manager, "userId") : null;
        String unreadable = null;
        LocalDate hireDate = null;
        String hire = text(u, "hireDate");
        if (hire != null) {
            // Edm.DateTime of a day: midnight UTC of that day
            Optional<Instant> at = ODataDate.parse(hire);
            hireDate = at.map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC)).orElse(null);
            if (at.isEmpty()) {
                unreadable = "hireDate: expected /Date(ms)/, got '" + abbreviate(hire) + "'";
            }
        }
        Instant changedAt = null;
        JsonNode modified = u.get("lastModifiedDateTime");
        if (modified != null && !modified.isNull()) {
            Optional<Instant> at = ODataDate.of(modified);
            changedAt = at.orElse(null);
            if (at.isEmpty() && unreadable == null) {
                unreadable =
                        "lastModifiedDateTime: expected /Date(ms+0000)/, got '" + abbreviate(modified.asString()) + "'";
            }
        }
        return new Worker(
                id,
                text(u, "firstName"),
                text(u, "lastName"),
                text(u, "email"),
                text(u, "location"),
                text(u, "department"),
                managerId,
                status(text(u, "status")),
                hireDate,
                null,
                text(u, "title"),
                changedAt,
                unreadable);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** {@code t}/{@code e} are active (internal, external), {@code f}/{@code d} inactive; others pass as sent. */
    private static @Nullable String status(@Nullable String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "t", "e", "active" -> "ACTIVE";
            case "f", "d", "inactive" -> "TERMINATED";
            default -> s;
        };
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainer() || v.asString().isBlank() ? null : v.asString();
    }
}
