package org.qualigate.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated HRIS: a worker directory in the spirit of Workday's worker API, and each worker's certification
 * records, served under {@code /hris/v1}. Workers may carry a production line and a termination date; the
 * directory can be made to require a bearer token.
 */
public final class HrisDirectory {

    static final int MAX_PAGE_SIZE = 1000;

    private final JsonMapper json;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<String, CertificationRecord> records = new LinkedHashMap<>();
    private final Map<String, DemoWorkforce.Profile> profiles = new LinkedHashMap<>();
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, java.time.LocalDate> terminations = new LinkedHashMap<>();
    private final Map<String, java.time.Instant> changed = new LinkedHashMap<>();
    private volatile @Nullable String requiredToken;
    private final List<java.util.function.Consumer<CertificationRecord>> changeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    HrisDirectory(JsonMapper json) {
        this.json = json;
    }

    /** Every worker, in the order they were added. */
    public synchronized List<Worker> workers() {
        return List.copyOf(workers.values());
    }

    public synchronized Optional<Worker> worker(String employeeId) {
        return Optional.ofNullable(workers.get(employeeId));
    }

    /** Adds or replaces a worker. */
    public synchronized void put(Worker worker) {
        workers.put(worker.employeeId(), worker);
    }

    /** Moves the worker to another site, line and supervisor (a transfer), as of {@code at}. */
    public synchronized void transfer(
            String employeeId,
            String site,
            @Nullable String line,
            @Nullable String supervisorId,
            java.time.Instant at) {
        Worker w = workers.get(employeeId);
        if (w == null) {
            throw new IllegalArgumentException("no worker " + employeeId);
        }
        workers.put(
                employeeId,
                new Worker(
                        employeeId,
                        w.givenName(),
                        w.familyName(),
                        w.email(),
                        site,
                        supervisorId,
                        w.status(),
                        w.hireDate(),
                        w.jobTitle()));
        line(employeeId, line);
        changed.put(employeeId, at);
    }

    /** Terminates the worker on {@code day}, as recorded at {@code at}. */
    public synchronized void terminate(String employeeId, java.time.LocalDate day, java.time.Instant at) {
        Worker w = workers.get(employeeId);
        if (w == null) {
            throw new IllegalArgumentException("no worker " + employeeId);
        }
        workers.put(employeeId, w.withStatus(Worker.TERMINATED));
        terminations.put(employeeId, day);
        changed.put(employeeId, at);
    }

    /** Sets the worker's production line (null: none). */
    public synchronized void line(String employeeId, @Nullable String line) {
        if (line == null) {
            lines.remove(employeeId);
        } else {
            lines.put(employeeId, line);
        }
    }

    public synchronized Optional<String> lineOf(String employeeId) {
        return Optional.ofNullable(lines.get(employeeId));
    }

    public synchronized Optional<java.time.LocalDate> terminationDateOf(String employeeId) {
        return Optional.ofNullable(terminations.get(employeeId));
    }

    /** When the worker's record last changed by {@link #transfer} or {@link #terminate}, if it did. */
    public synchronized Optional<java.time.Instant> changedAt(String employeeId) {
        return Optional.ofNullable(changed.get(employeeId));
    }

    /** Requires {@code Authorization: Bearer <token>} on the directory from now on (null: none, the default). */
    public void requireToken(@Nullable String token) {
        this.requiredToken = token;
    }

    /** Every certification record, revoked ones included, in the order they were added. */
    public synchronized List<CertificationRecord> certifications() {
        return List.copyOf(records.values());
    }

    /** The worker's certification records, revoked ones included. */
    public synchronized List<CertificationRecord> certifications(String employeeId) {
        return records.values().stream()
                .filter(r -> r.employeeId().equals(employeeId))
                .toList();
    }

    public synchronized Optional<CertificationRecord> certification(String sourceRecordId) {
        return Optional.ofNullable(records.get(sourceRecordId));
    }

    /** Adds a record or replaces the one with the same {@code sourceRecordId}. */
    public void putCertification(CertificationRecord record) {
        synchronized (this) {
            records.put(record.sourceRecordId(), record);
        }
        // Vendor simulators keep their own change logs (e.g. Workday's transaction log) from this.
        changeListeners.forEach(l -> l.accept(record));
    }

    /** Calls the listener after every {@link #putCertification}, outside the directory's lock. */
    public void onCertificationChange(java.util.function.Consumer<CertificationRecord> listener) {
        changeListeners.add(listener);
    }

    synchronized void load(DemoWorkforce.Result workforce) {
        workforce.workers().forEach(w -> workers.put(w.employeeId(), w));
        workforce.records().forEach(r -> records.put(r.sourceRecordId(), r));
        profiles.putAll(workforce.profiles());
    }

    synchronized Optional<DemoWorkforce.Profile> profile(String employeeId) {
        return Optional.ofNullable(profiles.get(employeeId));
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP: the Authorization header is not required unless a token is set (requireToken), as in a demo tenant.

    /** Answers a request whose path is relative to {@code /hris/v1}. */
    HttpReply handle(HttpCall call, String path) {
        String token = requiredToken;
        if (token != null && !("Bearer " + token).equals(call.header("Authorization"))) {
            return error(401, "Authorization: Bearer token required");
        }
        if (!call.method().equals("GET")) {
            return error(405, "only GET is supported");
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        try {
            if (segments.length == 1 && segments[0].equals("workers")) {
                return listWorkers(call);
            }
            if (segments.length == 2 && segments[0].equals("workers")) {
                return worker(segments[1])
                        .map(w -> ok(workerJson(w)))
                        .orElseGet(() -> error(404, "no worker " + segments[1]));
            }
            if (segments.length == 3 && segments[0].equals("workers") && segments[2].equals("certifications")) {
                if (worker(segments[1]).isEmpty()) {
                    return error(404, "no worker " + segments[1]);
                }
                ObjectNode node = json.createObjectNode();
                node.put("employeeId", segments[1]);
                ArrayNode array = node.putArray("certifications");
                certifications(segments[1]).forEach(r -> array.add(recordJson(r)));
                return ok(node);
            }
            if (segments.length == 1 && segments[0].equals("certifications")) {
                return listCertifications(call);
            }
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        return error(404, "no HRIS endpoint at " + path);
    }

    private HttpReply listWorkers(HttpCall call) {
        int page = positive(call.param("page"), 1, "page");
        int pageSize = Math.min(positive(call.param("pageSize"), 100, "pageSize"), MAX_PAGE_SIZE);
        String site = call.param("site");
        String status = call.param("status");
        List<Worker> matching = new ArrayList<>();
        for (Worker w : workers()) {
            if ((site == null || w.site().equalsIgnoreCase(site))
                    && (status == null || w.status().equalsIgnoreCase(status))) {
                matching.add(w);
            }
        }
        ObjectNode node = json.createObjectNode();
        node.put("total", matching.size());
        node.put("page", page);
        node.put("pageSize", pageSize);
        ArrayNode array = node.putArray("workers");
        page(matching, page, pageSize).forEach(w -> array.add(workerJson(w)));
        return ok(node);
    }

    private HttpReply listCertifications(HttpCall call) {
        int page = positive(call.param("page"), 1, "page");
        int pageSize = Math.min(positive(call.param("pageSize"), 100, "pageSize"), MAX_PAGE_SIZE);
        List<CertificationRecord> all = certifications();
        ObjectNode node = json.createObjectNode();
        node.put("total", all.size());
        node.put("page", page);
        node.put("pageSize", pageSize);
        ArrayNode array = node.putArray("certifications");
        page(all, page, pageSize).forEach(r -> array.add(recordJson(r)));
        return ok(node);
    }

    private static <T> List<T> page(List<T> items, int page, int pageSize) {
        long from = (long) (page - 1) * pageSize;
        if (from >= items.size()) {
            return List.of();
        }
        return items.subList((int) from, (int) Math.min(from + pageSize, items.size()));
    }

    private static int positive(@Nullable String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be >= 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + value);
        }
    }

    ObjectNode workerJson(Worker w) {
        ObjectNode node = json.createObjectNode();
        node.put("employeeId", w.employeeId());
        node.put("givenName", w.givenName());
        node.put("familyName", w.familyName());
        node.put("email", w.email());
        node.put("site", w.site());
        node.put("supervisorId", w.supervisorId());
        node.put("status", w.status());
        node.put("hireDate", w.hireDate().toString());
        node.put("jobTitle", w.jobTitle());
        lineOf(w.employeeId()).ifPresent(l -> node.put("line", l));
        terminationDateOf(w.employeeId()).ifPresent(d -> node.put("terminationDate", d.toString()));
        return node;
    }

    private ObjectNode recordJson(CertificationRecord r) {
        ObjectNode node = json.createObjectNode();
        node.put("sourceRecordId", r.sourceRecordId());
        node.put("employeeId", r.employeeId());
        node.put("certificationId", r.certificationId());
        node.put("certificationName", r.certificationName());
        node.put("level", r.level());
        node.put("completedOn", r.completedOn().toString());
        node.put("expiresOn", r.expiresOn());
        node.put("approvedBy", r.approvedBy());
        node.put("approvedAt", r.approvedAt().toString());
        node.put("sourceVersion", r.version());
        node.put("status", r.revoked() ? "REVOKED" : "ACTIVE");
        return node;
    }

    private HttpReply ok(ObjectNode node) {
        return HttpReply.of(200, HttpReply.JSON, json.writeValueAsBytes(node));
    }

    HttpReply error(int status, @Nullable String message) {
        return errorReply(json, status, message);
    }

    static HttpReply errorReply(JsonMapper json, int status, @Nullable String message) {
        ObjectNode node = json.createObjectNode();
        node.put("status", status);
        node.put("error", message == null ? "error" : message);
        return HttpReply.of(status, HttpReply.JSON, json.writeValueAsBytes(node));
    }
}
