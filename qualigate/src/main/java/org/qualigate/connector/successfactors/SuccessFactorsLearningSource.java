package org.qualigate.connector.successfactors;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Pulls SuccessFactors Learning history: one page of HCM {@code User}s (active and inactive, snapshot paging,
 * page token = the server's {@code __next}), and for each user their learning history, kept when the record's
 * revision or completion falls in the window. A 429 is waited out within the pull a bounded number of times, then
 * left to the scheduler as {@link TargetException#rateLimited}.
 */
public final class SuccessFactorsLearningSource implements HrisSource {

    private static final Logger log = LoggerFactory.getLogger(SuccessFactorsLearningSource.class);
    private static final int MAX_HISTORY_PAGES = 1000;

    private final SuccessFactorsSettings settings;
    private final ODataCalls calls;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public SuccessFactorsLearningSource(SuccessFactorsSettings settings, Clock clock, Traces.CallRecorder recorder) {
        this(settings, clock, Thread::sleep, recorder);
    }

    SuccessFactorsLearningSource(
            SuccessFactorsSettings settings, Clock clock, ODataCalls.Pause pause, Traces.CallRecorder recorder) {
        this.settings = settings;
        this.calls = new ODataCalls(settings, clock, pause, recorder);
    }

    @Override
    public String name() {
        return settings.source();
    }

    @Override
    public PullPage pull(PullWindow window, @Nullable String pageToken) {
        if (window.through().isBefore(window.from())) {
            throw new IllegalArgumentException("window ends before it starts: " + window);
        }
        URI usersUri = pageToken == null ? firstUsersPage(window) : token(pageToken);
        ODataCalls.Body body = calls.get(usersUri);
        ODataCalls.Page page = readPage(body, "User");
        List<SourceRecord> records = new ArrayList<>();
        Map<String, Integer> unmapped = new TreeMap<>();
        int users = 0;
        for (JsonNode user : page.entries()) {
            JsonNode id = user.get("userId");
            if (id == null || !id.isString() || id.asString().isBlank()) {
                log.warn("SuccessFactors User entry without a userId skipped: {}", user.propertyNames());
                continue;
            }
            if (settings.changedUsersOnly() && !changedWithin(user, window)) {
                // the server was asked for these users only; one outside the window means it ignored the filter
                log.warn(
                        "SuccessFactors User {} lies outside the asked lastModifiedDateTime window; skipped",
                        id.asString());
                continue;
            }
            users++;
            History history = learningHistory(id.asString(), window);
            records.addAll(history.records());
            history.unmapped().forEach(f -> unmapped.merge(f, 1, Integer::sum));
        }
        URI next = page.next() == null ? null : ODataCalls.resolve(usersUri, page.next());
        log.debug("SuccessFactors page: {} users, {} learning records in {}", users, records.size(), window);
        return new PullPage(records, next == null ? null : next.toString(), List.of(), unmapped);
    }

    /**
     * Whether the user's {@code lastModifiedDateTime} ({@code /Date(ms+0000)/}) lies in the window, widened to whole
     * seconds as the filter is; a user without a readable one is not excluded.
     */
    static boolean changedWithin(JsonNode user, PullWindow window) {
        JsonNode modified = user.get("lastModifiedDateTime");
        if (modified == null || modified.isNull()) {
            return true;
        }
        return ODataDate.of(modified)
                .map(at -> !at.isBefore(window.from().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                        && !at.isAfter(window.through()
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .plusSeconds(1)))
                .orElse(true);
    }

    private URI firstUsersPage(PullWindow window) {
        String filter = ODataPaths.ALL_STATUSES;
        String select = "userId,status";
        if (settings.changedUsersOnly()) {
            filter += " and " + ODataPaths.modifiedWithin(window.from(), window.through());
            select += ",lastModifiedDateTime";
        }
        return ODataPaths.users(settings.apiBaseUrl(), select, filter, settings.pageSize(), false);
    }

    private static URI token(String pageToken) {
        try {
            URI uri = URI.create(pageToken);
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("not absolute");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw TargetException.permanentFailure("not a SuccessFactors page token: " + pageToken, e);
        }
    }

    /** A user's learning history in the window, and the fields its records carried that the mapping does not read. */
    private record History(List<SourceRecord> records, List<String> unmapped) {}

    private History learningHistory(String userId, PullWindow window) {
        List<SourceRecord> records = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        URI uri = ODataPaths.learningHistory(settings.learningBaseUrl(), userId);
        Set<URI> seen = new HashSet<>();
        for (int pages = 0; pages < MAX_HISTORY_PAGES; pages++) {
            seen.add(uri);
            Optional<ODataCalls.Body> found = calls.getLearningIfFound(uri);
            if (found.isEmpty()) {
                log.info("SuccessFactors Learning knows no user {} (404): no learning history", userId);
                return new History(records, unmapped);
            }
            HistoryPage page = historyPage(userId, found.get().bytes(), settings.statuses());
            page.records().stream().filter(r -> inWindow(r, window)).forEach(records::add);
            unmapped.addAll(page.unmapped());
            if (page.next() == null) {
                return new History(records, unmapped);
            }
            uri = ODataCalls.resolve(uri, page.next());
            if (seen.contains(uri)) {
                throw TargetException.transientFailure(
                        "SuccessFactors Learning repeats its next link for " + userId + ": " + uri, null);
            }
        }
        throw TargetException.transientFailure(
                "SuccessFactors Learning history of " + userId + " has more than " + MAX_HISTORY_PAGES + " pages",
                null);
    }

    /**
     * One page of a user's learning history: its records (or one that says why it cannot be read), the next link,
     * and the fields its records carried that the mapping does not read.
     */
    record HistoryPage(List<SourceRecord> records, @Nullable URI next, List<String> unmapped) {

        HistoryPage(List<SourceRecord> records, @Nullable URI next) {
            this(records, next, List.of());
        }
    }

    static HistoryPage historyPage(String userId, byte[] bytes, CompletionStatuses statuses) {
        JsonNode json;
        try {
            json = ODataCalls.json(bytes);
        } catch (JacksonException e) {
            return new HistoryPage(
                    List.of(SourceRecord.unreadable(
                            LearningHistory.fallbackKey(userId, bytes),
                            bytes,
                            LearningHistory.CONTENT_TYPE,
                            "learninghistorys",
                            "the learning history of " + userId + " is not JSON: " + e.getOriginalMessage())),
                    null);
        }
        Optional<ODataCalls.Page> page = ODataCalls.page(json);
        if (page.isEmpty()) {
            return new HistoryPage(
                    List.of(SourceRecord.drifted(
                            LearningHistory.fallbackKey(userId, bytes),
                            bytes,
                            LearningHistory.CONTENT_TYPE,
                            "value",
                            "the learning history of " + userId + " has neither a 'value' nor a 'd.results' array")),
                    null);
        }
        List<SourceRecord> records = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (JsonNode entry : page.get().entries()) {
            records.add(LearningHistory.read(userId, entry, ODataCalls.bytes(entry), statuses));
            unmapped.addAll(LearningHistory.unknownFields(entry));
        }
        return new HistoryPage(records, page.get().next(), unmapped);
    }

    /** A record belongs to the window when it was revised or completed in it; unreadable ones always do. */
    private static boolean inWindow(SourceRecord record, PullWindow window) {
        SourceRecord.CertificationFields f = record.fields();
        if (f == null) {
            return true;
        }
        Instant revised = Instant.ofEpochMilli(f.sourceVersion());
        Instant completed = Instant.parse(f.completedOn());
        return within(revised, window) || within(completed, window);
    }

    private static boolean within(Instant at, PullWindow window) {
        return !at.isBefore(window.from()) && !at.isAfter(window.through());
    }

    private static ODataCalls.Page readPage(ODataCalls.Body body, String entity) {
        JsonNode json;
        try {
            json = ODataCalls.json(body.bytes());
        } catch (JacksonException e) {
            throw TargetException.transientFailure(
                    "SuccessFactors " + entity + " page is not JSON: " + e.getOriginalMessage(), e);
        }
        return ODataCalls.page(json)
                .orElseThrow(() -> TargetException.transientFailure(
                        "SuccessFactors " + entity + " page has no 'd.results' (or 'value') array", null));
    }
}
