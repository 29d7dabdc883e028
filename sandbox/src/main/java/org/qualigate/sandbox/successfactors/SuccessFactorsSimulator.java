package org.qualigate.sandbox.successfactors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.HrisDirectory;
import org.qualigate.sandbox.Worker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * SAP SuccessFactors as an integration sees it, built live from the sandbox HRIS (so the same people and
 * certifications appear in every simulator):
 *
 * <ul>
 *   <li>HCM OData v2 {@code GET /odata/v2/User} with {@code $filter} (a query without a {@code status} condition
 *       returns active users only), {@code $select}, {@code $top}, {@code $skip}, {@code $expand=manager},
 *       server-driven paging ({@code customPageSize}, {@code paging=snapshot}, {@code __next} with a
 *       {@code $skiptoken}), answers {@code {"d":{"results":[…],"__next":…}}}, dates as
 *       {@code /Date(ms+0000)/}; {@code GET /odata/v2/User('id')} and {@code /User('id')/manager};
 *   <li>Learning OData v4 {@code GET …/userlearning-service/v1/learninghistorys?$filter=criteria/targetUserID eq
 *       'id'}: {@code {"value":[…],"@odata.nextLink":…}}, dates in epoch milliseconds, the item id from the
 *       {@code successfactors} column of the demo plant; the records do not name the student.
 * </ul>
 *
 * The HCM API needs {@code Authorization: Basic} of {@code user@companyId:password} or {@code Bearer} of the
 * token. The Learning API has its own OAuth token endpoint, {@code POST /learning/oauth-api/rest/v1/token} (HTTP Basic
 * {@code companyId:clientSecret}, a JSON body with {@code grant_type} client_credentials and a {@code scope} naming the
 * user, company, user type and {@code resourceType} learning_public_api), and accepts only the tokens it issued.
 * Learning records carry the documented fields the adapter does not read ({@code esigUsername},
 * {@code lastUpdateTimestamp}, {@code status}, {@code formattedRevisionDate}, {@code ratingDate}, …), nulls
 * included. Errors carry the OData error body.
 */
public final class SuccessFactorsSimulator {

    public static final String COMPANY_ID = "QUALIGATEDEMO";
    public static final String USERNAME = "qualigate-api";
    public static final String PASSWORD = "sandbox-sf-password";
    public static final String BEARER_TOKEN = "sandbox-sf-token";
    /** The Learning API's OAuth client: its id is the company id, as the Learning token server issues them. */
    public static final String LEARNING_CLIENT_SECRET = "sandbox-learning-secret";
    /** The Learning administrator the integration's tokens act for. */
    public static final String LEARNING_ADMIN = "qualigate-lms-admin";
    /** Where the Learning token endpoint lives, relative to the sandbox's base URI. */
    public static final String LEARNING_TOKEN_PATH = "/learning/oauth-api/rest/v1/token";
    /** How long a Learning token lives (seconds), as the Learning token server answers. */
    public static final int LEARNING_TOKEN_SECONDS = 1800;

    /** Where the HCM OData v2 API lives, relative to the sandbox's base URI. */
    public static final String ODATA_PATH = "/odata/v2";
    /** Where the Learning user learning service lives, relative to the sandbox's base URI. */
    public static final String LEARNING_PATH = "/learning/odatav4/public/user/userlearning-service/v1";

    /** Statuses this simulated tenant defines; COMPLETE provides credit, the others do not. */
    public static final String COMPLETE = "COMPLETE";

    public static final String REVOKED = "REVOKED";

    private static final int MAX_PAGE_SIZE = 1000;
    private static final Pattern KEY = Pattern.compile("User\\('((?:[^']|'')*)'\\)(/manager)?");
    private static final Pattern CRITERION =
            Pattern.compile("criteria/(\\w+)\\s+eq\\s+('(?:[^']|'')*'|-?\\d+)", Pattern.CASE_INSENSITIVE);

    private final JsonMapper json;
    private final HrisDirectory hris;
    private final Supplier<URI> baseUri;
    private final Map<String, String> itemIds;
    private final Map<String, ZoneId> siteZones;
    private final Map<String, Instant> lastModified = new ConcurrentHashMap<>();
    private volatile int userPageSize = MAX_PAGE_SIZE;
    private volatile int learningPageSize = 100;
    private final Set<String> learningTokens = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger learningTokensIssued =
            new java.util.concurrent.atomic.AtomicInteger();

    /** A simulator answer; the sandbox writes it unless a fault says otherwise. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {}

    public SuccessFactorsSimulator(JsonMapper json, HrisDirectory hris, Supplier<URI> baseUri) {
        this.json = json;
        this.hris = hris;
        this.baseUri = baseUri;
        JsonNode plant = demoPlant();
        Map<String, String> ids = new HashMap<>();
        for (JsonNode q : plant.path("qualifications").values()) {
            if (q.hasNonNull("workday") && q.hasNonNull("successfactors")) {
                ids.put(q.get("workday").asString(), q.get("successfactors").asString());
            }
        }
        this.itemIds = Map.copyOf(ids);
        Map<String, ZoneId> zones = new HashMap<>();
        for (JsonNode s : plant.path("sites").values()) {
            zones.put(s.path("code").asString(), ZoneId.of(s.path("zone").asString()));
        }
        this.siteZones = Map.copyOf(zones);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Test control

    /** Sets when the user's {@code User} record last changed (default: their hire date, midnight UTC). */
    public void lastModified(String userId, Instant at) {
        lastModified.put(userId, at);
    }

    /** The largest {@code User} page the server hands out, whatever {@code customPageSize} asks (default 1000). */
    public void userPageSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE_SIZE);
        }
        this.userPageSize = size;
    }

    /** The learning history page size (default 100). */
    public void learningPageSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE_SIZE);
        }
        this.learningPageSize = size;
    }

    /** Invalidates every Learning token issued so far (they expired): the next call is refused with 401. */
    public void expireLearningTokens() {
        learningTokens.clear();
    }

    /** How many Learning tokens the token endpoint issued. */
    public int learningTokensIssued() {
        return learningTokensIssued.get();
    }

    /** The SuccessFactors item id of a Workday catalogue id, as the demo plant maps them (itself if unmapped). */
    public String itemId(String workdayCertificationId) {
        return itemIds.getOrDefault(workdayCertificationId, workdayCertificationId);
    }

    /** When the record's completion happened as the LMS stores it: 09:00 on the completion day, site time. */
    public Instant completionInstant(CertificationRecord record) {
        ZoneId zone = hris.worker(record.employeeId())
                .map(w -> siteZones.getOrDefault(w.site(), ZoneOffset.UTC))
                .orElse(ZoneOffset.UTC);
        return record.completedOn().atTime(LocalTime.of(9, 0)).atZone(zone).toInstant();
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP

    /**
     * Answers a request whose path is relative to {@link #ODATA_PATH} ({@code learning} false) or {@link
     * #LEARNING_PATH} ({@code learning} true).
     */
    public Reply handle(
            String method,
            String relativePath,
            Map<String, String> query,
            @Nullable String authorization,
            boolean learning) {
        if (learning ? !learningAuthorised(authorization) : !authorised(authorization)) {
            return error(401, learning, "LGN0011", "[LGN0011]Invalid username or password, or the token has expired.");
        }
        if (!method.equals("GET")) {
            return error(405, learning, "COE_METHOD_NOT_ALLOWED", "only GET is supported here");
        }
        String path = relativePath.replaceAll("^/+|/+$", "");
        try {
            if (learning) {
                if (path.equals("learninghistorys")) {
                    return learningHistory(query);
                }
                return error(404, true, "NOT_FOUND", "Resource not found for the segment '" + path + "'.");
            }
            if (path.equals("User")) {
                return users(query);
            }
            Matcher key = KEY.matcher(path);
            if (key.matches()) {
                String id = key.group(1).replace("''", "'");
                Optional<Worker> worker = hris.worker(id);
                if (worker.isEmpty()) {
                    return error(404, false, "COE_RESOURCE_NOT_FOUND", "User with key '" + id + "' not found.");
                }
                if (key.group(2) != null) {
                    String managerId = worker.get().supervisorId();
                    Optional<Worker> manager = managerId == null ? Optional.empty() : hris.worker(managerId);
                    ObjectNode d = json.createObjectNode();
                    d.set("d", manager.map(m -> user(m, null, false)).orElse(null));
                    return ok(d);
                }
                ObjectNode d = json.createObjectNode();
                d.set("d", user(worker.get(), select(query), expandsManager(query)));
                return ok(d);
            }
        } catch (IllegalArgumentException e) {
            return error(400, learning, "COE_BAD_REQUEST", e.getMessage());
        }
        return error(404, false, "COE_RESOURCE_NOT_FOUND", "Resource not found for the segment '" + path + "'.");
    }

    /** The OData error body: v2's {@code message {lang, value}} on the HCM API, v4's plain string on Learning. */
    public Reply error(int status, boolean learning, String code, @Nullable String message) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        String text = message == null ? "error" : message;
        if (learning) {
            error.put("message", text);
        } else {
            ObjectNode m = error.putObject("message");
            m.put("lang", "en-US");
            m.put("value", text);
        }
        return reply(status, root);
    }

    /**
     * The Learning token endpoint: {@code POST} with HTTP Basic {@code companyId:clientSecret} and {@code
     * {"grant_type":"client_credentials","scope":{"userId","companyId","userType","resourceType"}}}.
     */
    public Reply learningToken(String method, @Nullable String authorization, byte[] body) {
        if (!method.equals("POST")) {
            return error(405, true, "METHOD_NOT_ALLOWED", "use POST");
        }
        String client = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                client = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                client = null;
            }
        }
        if (!(COMPANY_ID + ":" + LEARNING_CLIENT_SECRET).equals(client)) {
            return error(401, true, "invalid_client", "Client authentication failed.");
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            return error(400, true, "invalid_request", "the body must be JSON");
        }
        JsonNode scope = request == null ? null : request.get("scope");
        if (request == null
                || !"client_credentials".equals(request.path("grant_type").asString(""))
                || scope == null
                || !scope.isObject()) {
            return error(400, true, "invalid_request", "grant_type client_credentials and a scope object are required");
        }
        if (!COMPANY_ID.equals(scope.path("companyId").asString(""))
                || !LEARNING_ADMIN.equals(scope.path("userId").asString(""))
                || !List.of("admin", "user").contains(scope.path("userType").asString(""))
                || !"learning_public_api".equals(scope.path("resourceType").asString(""))) {
            return error(400, true, "invalid_scope", "the scope names no such user, company or resource type");
        }
        String token = "lrn-" + java.util.UUID.randomUUID();
        learningTokens.add(token);
        learningTokensIssued.incrementAndGet();
        ObjectNode answer = json.createObjectNode();
        answer.put("access_token", token);
        answer.put("expires_in", LEARNING_TOKEN_SECONDS);
        answer.put("token_type", "Bearer");
        return ok(answer);
    }

    private boolean learningAuthorised(@Nullable String authorization) {
        return authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && learningTokens.contains(authorization.substring(7).trim());
    }

    private boolean authorised(@Nullable String authorization) {
        if (authorization == null) {
            return false;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim().equals(BEARER_TOKEN);
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                return decoded.equals(USERNAME + "@" + COMPANY_ID + ":" + PASSWORD);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private Reply users(Map<String, String> query) {
        String filter = query.get("$filter");
        ODataFilter.Condition condition = ODataFilter.parse(filter);
        // Without a status condition SuccessFactors returns active users only.
        boolean statusGiven = filter != null
                && Pattern.compile("\\bstatus\\b").matcher(filter).find();
        List<Worker> matching = new ArrayList<>();
        for (Worker w : hris.workers()) {
            Map<String, @Nullable Object> properties = properties(w);
            if ((statusGiven || "t".equals(properties.get("status"))) && condition.test(properties)) {
                matching.add(w);
            }
        }
        matching.sort(Comparator.comparing(Worker::employeeId));
        int skip = nonNegative(query.get("$skip"), 0, "$skip");
        int top = nonNegative(query.get("$top"), Integer.MAX_VALUE, "$top");
        List<Worker> slice = matching.subList(Math.min(skip, matching.size()), matching.size());
        slice = slice.subList(0, Math.min(top, slice.size()));
        int pageSize =
                Math.min(userPageSize, nonNegative(query.get("customPageSize"), MAX_PAGE_SIZE, "customPageSize"));
        if (pageSize < 1) {
            throw new IllegalArgumentException("customPageSize must be at least 1");
        }
        int offset = skipToken(query.get("$skiptoken"));
        List<Worker> page = slice.subList(Math.min(offset, slice.size()), Math.min(offset + pageSize, slice.size()));
        Set<String> select = select(query);
        boolean expand = expandsManager(query);
        ObjectNode root = json.createObjectNode();
        ObjectNode d = root.putObject("d");
        ArrayNode results = d.putArray("results");
        page.forEach(w -> results.add(user(w, select, expand)));
        if (offset + pageSize < slice.size()) {
            d.put("__next", next(ODATA_PATH + "/User", query, "$skiptoken", token(offset + pageSize)));
        }
        return ok(root);
    }

    private Reply learningHistory(Map<String, String> query) {
        String filter = query.get("$filter");
        Map<String, String> criteria = new HashMap<>();
        if (filter != null) {
            Matcher m = CRITERION.matcher(filter);
            while (m.find()) {
                String value = m.group(2);
                criteria.put(
                        m.group(1).toLowerCase(Locale.ROOT),
                        value.startsWith("'")
                                ? value.substring(1, value.length() - 1).replace("''", "'")
                                : value);
            }
        }
        String target = criteria.get("targetuserid");
        if (target == null) {
            throw new IllegalArgumentException("criteria/targetUserID is required in $filter");
        }
        List<ObjectNode> records = new ArrayList<>();
        if (hris.worker(target).isPresent()) {
            hris.certifications(target).stream()
                    .sorted(Comparator.comparing(CertificationRecord::sourceRecordId))
                    .forEach(r -> records.add(learningRecord(r)));
        }
        int skip = nonNegative(query.get("$skip"), 0, "$skip");
        int top = Math.min(learningPageSize, nonNegative(query.get("$top"), learningPageSize, "$top"));
        ObjectNode root = json.createObjectNode();
        root.put("@odata.context", "$metadata#learninghistorys");
        ArrayNode value = root.putArray("value");
        records.stream().skip(skip).limit(top).forEach(value::add);
        if (skip + top < records.size()) {
            root.put("@odata.nextLink", next(LEARNING_PATH + "/learninghistorys", query, "$skip", skip + top + ""));
        }
        return ok(root);
    }

    private ObjectNode learningRecord(CertificationRecord r) {
        ObjectNode node = json.createObjectNode();
        String item = itemId(r.certificationId());
        long completed = completionInstant(r).toEpochMilli();
        node.put("componentTypeID", "COURSE");
        node.put("componentID", item);
        node.put("revisionDate", r.approvedAt().toEpochMilli());
        node.put("title", r.certificationName());
        node.put("revisionNumber", Integer.toString(r.version()));
        node.put("completionStatusID", r.revoked() ? REVOKED : COMPLETE);
        node.put("provideCredit", !r.revoked());
        node.put("studentComponentID", Math.abs((long) r.sourceRecordId().hashCode()));
        node.putNull("instructorName");
        node.putNull("grade");
        node.put("totalHours", 2.0);
        node.putNull("creditHours");
        node.putNull("contactHours");
        node.putNull("cpeHours");
        node.putNull("comments");
        // Documented fields the adapter does not read: the signer's name, when the record itself last changed (the
        // approval instant stands for it here), a display date, the status text, the rating.
        node.put("esigUsername", "User - " + r.employeeId());
        node.put("lastUpdateTimestamp", r.approvedAt().toEpochMilli());
        node.put("esigMeaningCode", "USER-RECORD");
        node.putNull("scheduleID");
        node.put("componentKey", Long.toString(Math.abs((long) (item + "/" + r.sourceRecordId()).hashCode())));
        node.put("reviewContentAllowed", true);
        node.putNull("rating");
        node.putNull("seqNum");
        node.put("enableRating", false);
        node.put(
                "formattedRevisionDate",
                java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy", Locale.ENGLISH)
                        .format(r.approvedAt().atZone(ZoneOffset.UTC)));
        node.put("completionDate", completed);
        node.put("status", r.revoked() ? "Course - Revoked" : "Course - Complete");
        node.putNull("ratingDate");
        node.putNull("ratingPending");
        node.put("lastCompletionDate", completed);
        node.putNull("certificateLink");
        node.putNull("onlineContentLink");
        node.putNull("criteria");
        node.putNull("embeddableDeeplink");
        return node;
    }

    private ObjectNode user(Worker w, @Nullable Set<String> select, boolean expandManager) {
        ObjectNode node = json.createObjectNode();
        String uri = baseUri.get() + ODATA_PATH + "/User('" + w.employeeId().replace("'", "''") + "')";
        ObjectNode meta = node.putObject("__metadata");
        meta.put("uri", uri);
        meta.put("type", "SFOData.User");
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        properties.put("userId", w.employeeId());
        properties.put("username", w.employeeId().toLowerCase(Locale.ROOT));
        properties.put("firstName", w.givenName());
        properties.put("lastName", w.familyName());
        properties.put("email", w.email());
        properties.put("status", w.status().equals(Worker.ACTIVE) ? "t" : "f");
        properties.put("location", w.site());
        properties.put("department", hris.lineOf(w.employeeId()).orElse(null));
        properties.put("title", w.jobTitle());
        properties.put("hireDate", date(w.hireDate().atStartOfDay().toInstant(ZoneOffset.UTC), false));
        properties.put("lastModifiedDateTime", date(lastModified(w), true));
        properties.forEach((k, v) -> {
            if (select == null || select.contains(k)) {
                if (v == null) {
                    node.putNull(k);
                } else {
                    node.put(k, v.toString());
                }
            }
        });
        if (select == null || select.contains("manager") || select.stream().anyMatch(s -> s.startsWith("manager/"))) {
            Optional<Worker> manager = w.supervisorId() == null ? Optional.empty() : hris.worker(w.supervisorId());
            if (expandManager) {
                if (manager.isPresent()) {
                    node.set("manager", user(manager.get(), managerSelect(select), false));
                } else {
                    node.putNull("manager");
                }
            } else {
                node.putObject("manager").putObject("__deferred").put("uri", uri + "/manager");
            }
        }
        return node;
    }

    private static @Nullable Set<String> managerSelect(@Nullable Set<String> select) {
        if (select == null) {
            return null;
        }
        Set<String> inner = new LinkedHashSet<>();
        select.stream().filter(s -> s.startsWith("manager/")).forEach(s -> inner.add(s.substring(8)));
        return inner.isEmpty() ? null : inner;
    }

    private Map<String, @Nullable Object> properties(Worker w) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("userId", w.employeeId());
        p.put("status", w.status().equals(Worker.ACTIVE) ? "t" : "f");
        p.put("lastModifiedDateTime", lastModified(w));
        p.put("location", w.site());
        p.put("department", hris.lineOf(w.employeeId()).orElse(null));
        p.put("email", w.email());
        p.put("firstName", w.givenName());
        p.put("lastName", w.familyName());
        return p;
    }

    private Instant lastModified(Worker w) {
        return lastModified.getOrDefault(
                w.employeeId(),
                hris.changedAt(w.employeeId())
                        .orElse(w.hireDate().atStartOfDay().toInstant(ZoneOffset.UTC)));
    }

    private static String date(Instant at, boolean offset) {
        return "/Date(" + at.toEpochMilli() + (offset ? "+0000" : "") + ")/";
    }

    private static @Nullable Set<String> select(Map<String, String> query) {
        String select = query.get("$select");
        if (select == null || select.isBlank()) {
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String f : select.split(",")) {
            fields.add(f.trim());
        }
        return fields;
    }

    private static boolean expandsManager(Map<String, String> query) {
        String expand = query.get("$expand");
        return expand != null
                && List.of(expand.split(",")).stream().anyMatch(e -> e.trim().equals("manager"));
    }

    private String next(String path, Map<String, String> query, String param, String value) {
        StringBuilder uri = new StringBuilder(baseUri.get() + path + "?");
        Map<String, String> params = new LinkedHashMap<>(query);
        params.remove("$skiptoken");
        params.remove(param);
        params.put(param, value);
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) {
                uri.append('&');
            }
            first = false;
            uri.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return uri.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$");
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("page:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int skipToken(@Nullable String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith("page:")) {
                throw new IllegalArgumentException("invalid $skiptoken");
            }
            return Integer.parseInt(decoded.substring(5));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid $skiptoken: " + token);
        }
    }

    private static int nonNegative(@Nullable String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + value);
        }
    }

    private Reply ok(ObjectNode node) {
        return reply(200, node);
    }

    private Reply reply(int status, ObjectNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json;charset=utf-8");
        return new Reply(status, headers, json.writeValueAsBytes(node));
    }

    private static JsonNode demoPlant() {
        try (InputStream in = SuccessFactorsSimulator.class.getResourceAsStream("/demo-plant.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo-plant.yaml is missing from the classpath");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
