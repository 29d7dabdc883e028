package org.qualigate.connector.workday;

import java.net.URI;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.trace.Traces;
import org.w3c.dom.Document;

/**
 * Pulls certifications from Workday with SOAP {@code Get_Workers} (Human_Resources): the workers changed in the
 * window ({@code Transaction_Log_Criteria_Data}), with {@code Include_Qualifications} and the transaction log,
 * page by page ({@code Response_Filter} Page/Count; the page token is the next page number). A record's version
 * is the worker's latest transaction entry moment (epoch ms), or the window's end when the log is absent. Each
 * worker in the answer is a full read of their certifications, so one that is gone from it was removed.
 */
public final class WorkdayWorkersSource implements HrisSource {

    private final String name;
    private final WorkdaySettings settings;
    private final GetWorkers getWorkers;
    private final Clock clock;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public WorkdayWorkersSource(String name, WorkdaySettings settings, Clock clock, Traces.CallRecorder recorder) {
        this.name = name;
        this.settings = settings;
        this.getWorkers = new GetWorkers(settings, recorder);
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PullPage pull(PullWindow window, @Nullable String pageToken) {
        int page = page(pageToken);
        return page(getWorkers.changed(window, page), window.through().toEpochMilli(), page);
    }

    /**
     * The current certifications of one worker, read back to answer an event notification that named them: a full
     * read of the worker, versioned like a pull (their latest transaction moment).
     *
     * @param idType {@code Employee_ID} or {@code WID}
     */
    public PullPage worker(String idType, String id) {
        return page(getWorkers.one(idType, id), clock.millis(), 1);
    }

    /** Reads one {@code Get_Workers} response (HTTP 200) into a page of records. */
    static PullPage page(byte[] response, PullWindow window, int page) {
        return page(GetWorkers.parse(response, "page " + page), window.through().toEpochMilli(), page);
    }

    private static PullPage page(Document doc, long fallbackVersion, int page) {
        int totalPages = GetWorkers.totalPages(doc, page);
        int thisPage = GetWorkers.thisPage(doc, page);
        WorkerXml.Read read = WorkerXml.read(doc.getDocumentElement(), fallbackVersion, true);
        String next = thisPage < totalPages ? Integer.toString(thisPage + 1) : null;
        return new PullPage(read.records(), next, read.completeReads(), read.unmapped());
    }

    private static int page(@Nullable String token) {
        if (token == null) {
            return 1;
        }
        try {
            int page = Integer.parseInt(token);
            if (page < 1) {
                throw new IllegalArgumentException("page token must be a page number >= 1: " + token);
            }
            return page;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("page token must be a page number: " + token, e);
        }
    }

    @Override
    public String toString() {
        return "WorkdayWorkersSource[" + name + ", " + settings.baseUrl() + settings.soapPath() + "]";
    }

    /** For tests: the URI the source posts to. */
    URI endpoint() {
        return URI.create(settings.baseUrl() + settings.soapPath());
    }
}
