package org.qualigate.sandbox.maximo;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.http.Recorder;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maximo's REST/JSON API under {@code /maximo}, at both {@code /maximo/oslc/os/…} and {@code /maximo/api/os/…},
 * for the asset object structures {@code mxapiasset} and {@code mxasset}: query with {@code oslc.select},
 * {@code oslc.where}, {@code oslc.orderBy}, {@code oslc.pageSize}/{@code pageno} and {@code collectioncount}, lean
 * ({@code lean=1}) or namespaced JSON; update one asset with {@code POST} and {@code x-method-override: PATCH}.
 * Authentication by the {@code apikey} header or query parameter.
 */
public final class MaximoSimulator {

    public static final String PATH = "/maximo";
    public static final String API_KEY = "sandbox-maximo-apikey";
    private static final Pattern ROUTE =
            Pattern.compile("^/(oslc|api)/os/(mxapiasset|mxasset)(?:/(.+))?$", Pattern.CASE_INSENSITIVE);

    private final Clock clock;
    private final JsonMapper json;
    private final Recorder recorder;
    private final Supplier<URI> baseUri;
    private final MaximoJson render;
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private long nextUid = 1001;
    private long rowstamp = 5_000_000;
    private int autoPageSize = 1000;

    public MaximoSimulator(Clock clock, JsonMapper json, Recorder recorder, Supplier<URI> baseUri) {
        this.clock = clock;
        this.json = json;
        this.recorder = recorder;
        this.baseUri = baseUri;
        this.render = new MaximoJson(json);
    }

    /** Adds (or replaces) an asset of measuring equipment. */
    public synchronized Asset putAsset(
            String assetnum,
            String siteid,
            String description,
            String location,
            String assettype,
            String status,
            @Nullable LocalDate calibrationDue,
            @Nullable LocalDate lastCalibration,
            String calibrationResult) {
        Asset before = assets.get(assetnum);
        Asset asset = new Asset(
                before == null ? nextUid++ : before.assetuid(),
                assetnum,
                siteid,
                description,
                location,
                assettype,
                status,
                calibrationDue,
                lastCalibration,
                calibrationResult,
                clock.instant(),
                ++rowstamp);
        assets.put(assetnum, asset);
        return asset;
    }

    /** Changes an asset's status and calibration as the maintenance planners would in Maximo's own screens. */
    public synchronized Asset recordCalibration(
            String assetnum, String status, @Nullable LocalDate due, @Nullable LocalDate last, String result) {
        Asset asset = Optional.ofNullable(assets.get(assetnum))
                .orElseThrow(() -> new IllegalArgumentException("no asset " + assetnum));
        Asset changed = asset.changed(status, due, last, result, clock.instant(), ++rowstamp);
        assets.put(assetnum, changed);
        return changed;
    }

    public synchronized Optional<Asset> asset(String assetnum) {
        return Optional.ofNullable(assets.get(assetnum));
    }

    public synchronized List<Asset> assets() {
        return List.copyOf(assets.values());
    }

    /** The page size used when a query names none (Maximo's auto-paging threshold). */
    public synchronized void autoPageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.autoPageSize = size;
    }

    /** The object structure a fault names: {@code /mxapiasset} or {@code /mxasset}. */
    public static String resource(String relative) {
        Matcher m = ROUTE.matcher(relative);
        return m.matches() ? "/" + m.group(2).toLowerCase(Locale.ROOT) : relative;
    }

    /** Answers a request whose path is relative to {@link #PATH}. */
    public synchronized Reply handle(Request request) {
        String key = request.header("apikey") != null ? request.header("apikey") : request.param("apikey");
        if (key == null
                || !MessageDigest.isEqual(
                        key.getBytes(StandardCharsets.UTF_8), API_KEY.getBytes(StandardCharsets.UTF_8))) {
            return render.error(
                    401, "BMXAA0021E", "User name and password combination are not valid. Try again.", null);
        }
        Matcher m = ROUTE.matcher(request.path());
        if (!m.matches()) {
            return render.error(
                    404, "BMXAA8727E", "The object structure in " + request.path() + " does not exist.", null);
        }
        String collection =
                baseUri.get() + PATH + "/" + m.group(1) + "/os/" + m.group(2).toLowerCase(Locale.ROOT);
        try {
            if (m.group(3) == null) {
                return request.method().equals("GET")
                        ? query(request, collection)
                        : render.error(405, "BMXAA9999E", "Method not allowed", null);
            }
            Asset asset = assets.values().stream()
                    .filter(a -> id(a).equals(m.group(3)))
                    .findFirst()
                    .orElse(null);
            if (asset == null) {
                return render.error(404, "BMXAA8727E", "The resource " + m.group(3) + " does not exist.", null);
            }
            if (request.method().equals("GET")) {
                return render.reply(200, member(asset, collection, List.of("*"), lean(request)));
            }
            boolean patch =
                    request.method().equals("POST") && "PATCH".equalsIgnoreCase(request.header("x-method-override"))
                            || request.method().equals("PATCH");
            return patch
                    ? update(asset, request, collection)
                    : render.error(405, "BMXAA9999E", "Method not allowed", null);
        } catch (IllegalArgumentException e) {
            return render.error(400, "BMXAA9004E", e.getMessage(), null);
        }
    }

    /** A Maximo-shaped error for a fault the sandbox plays. */
    public Reply faultError(int status, String message) {
        return render.error(status, status == 429 ? "BMXAA9587E" : "BMXAA4211E", message, null);
    }

    private Reply query(Request request, String collection) {
        OslcWhere where = OslcWhere.parse(request.param("oslc.where"));
        List<String> select = select(request.param("oslc.select"));
        List<ObjectNode> rows = new ArrayList<>();
        List<Asset> matching = assets.values().stream()
                .filter(a -> where.matches(render.attributes(a)))
                .sorted(order(request.param("oslc.orderBy")))
                .toList();
        int size = request.param("oslc.pageSize") == null
                ? autoPageSize
                : positive(request.param("oslc.pageSize"), "oslc.pageSize");
        int page = request.param("pageno") == null ? 1 : positive(request.param("pageno"), "pageno");
        int from = (int) Math.min(matching.size(), (long) (page - 1) * size);
        int to = Math.min(matching.size(), from + size);
        boolean lean = lean(request);
        matching.subList(from, to).forEach(a -> rows.add(member(a, collection, select, lean)));
        String self = collection + "?" + rawQuery(request, page);
        String next = to < matching.size() ? collection + "?" + rawQuery(request, page + 1) : null;
        String previous = page > 1 ? collection + "?" + rawQuery(request, page - 1) : null;
        Integer total = "1".equals(request.param("collectioncount")) ? matching.size() : null;
        int pages = Math.max(1, (matching.size() + size - 1) / size);
        return render.reply(200, render.collection(rows, self, next, previous, page, total, pages, lean));
    }

    private Reply update(Asset asset, Request request, String collection) {
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (JacksonException e) {
            return render.error(400, "BMXAA1555E", "The JSON in the request body cannot be parsed.", null);
        }
        String status = body.path("status").asString(asset.status());
        String result = body.path("qgcalresult").asString(asset.calibrationResult());
        if (!Asset.STATUSES.contains(status)) {
            return render.error(400, "BMXAA4190E", "Status " + status + " is not in the value list.", "status");
        }
        if (!Asset.RESULTS.contains(result)) {
            return render.error(
                    400, "BMXAA4190E", "Calibration result " + result + " is not in the value list.", "qgcalresult");
        }
        for (String name : body.propertyNames()) {
            if (!List.of("status", "qgcalresult", "pluscduedate", "qglastcaldate")
                    .contains(name)) {
                return render.error(
                        400, "BMXAA4200E", "Attribute " + name + " cannot be changed through this API.", name);
            }
        }
        String ifMatch = request.header("If-Match");
        if (ifMatch != null && !ifMatch.equals(Long.toString(asset.rowstamp()))) {
            return render.error(
                    412, "BMXAA9524E", "The record was updated by another user. Refresh and try again.", null);
        }
        LocalDate due = body.has("pluscduedate") ? date(body.get("pluscduedate")) : asset.calibrationDue();
        LocalDate last = body.has("qglastcaldate") ? date(body.get("qglastcaldate")) : asset.lastCalibration();
        Asset changed = asset.changed(status, due, last, result, clock.instant(), ++rowstamp);
        assets.put(asset.assetnum(), changed);
        recorder.record("asset.update", asset.assetnum(), status + " due " + due + " last " + last + " " + result);
        if (request.header("properties") != null) {
            return render.reply(200, member(changed, collection, List.of("*"), true));
        }
        return Reply.empty(204);
    }

    private ObjectNode member(Asset asset, String collection, List<String> select, boolean lean) {
        ObjectNode all = render.attributes(asset);
        ObjectNode out = json.createObjectNode();
        if (!select.isEmpty()) {
            for (String name : select) {
                if (name.equals("*")) {
                    out.setAll(all);
                } else if (all.has(name)) {
                    out.set(name, all.get(name));
                }
            }
        }
        out.put("_rowstamp", Long.toString(asset.rowstamp()));
        out.put("href", collection + "/" + id(asset));
        return lean ? out : render.namespaced(out);
    }

    /** The resource id in an href: {@code _} and the base64 of {@code ASSETNUM/SITEID}, padding written as {@code -}. */
    static String id(Asset asset) {
        String raw = asset.assetnum() + "/" + asset.siteid();
        return "_"
                + Base64.getEncoder()
                        .encodeToString(raw.getBytes(StandardCharsets.UTF_8))
                        .replace('=', '-');
    }

    private static List<String> select(@Nullable String text) {
        List<String> names = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    names.add(part.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    private Comparator<Asset> order(@Nullable String text) {
        Comparator<Asset> order = Comparator.comparingLong(Asset::assetuid);
        if (text == null || text.isBlank()) {
            return order;
        }
        Comparator<Asset> by = null;
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.startsWith("+") && !p.startsWith("-")) {
                throw new IllegalArgumentException("each oslc.orderBy attribute needs a + or - sign: " + p);
            }
            String name = p.substring(1).toLowerCase(Locale.ROOT);
            Comparator<Asset> one =
                    Comparator.comparing(a -> render.attributes(a).path(name).asString(""));
            one = p.startsWith("-") ? one.reversed() : one;
            by = by == null ? one : by.thenComparing(one);
        }
        return by.thenComparing(order);
    }

    private static String rawQuery(Request request, int page) {
        StringBuilder out = new StringBuilder();
        request.query().forEach((k, v) -> {
            if (!k.equals("pageno") && !k.equals("apikey")) {
                out.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"))
                        .append('&');
            }
        });
        return out.append("pageno=").append(page).toString();
    }

    private static boolean lean(Request request) {
        return "1".equals(request.param("lean")) || "true".equalsIgnoreCase(request.param("lean"));
    }

    private static int positive(String text, String name) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number: " + text);
        }
    }

    private static @Nullable LocalDate date(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        String text = node.asString();
        try {
            return text.length() == 10
                    ? LocalDate.parse(text)
                    : java.time.OffsetDateTime.parse(text)
                            .atZoneSameInstant(ZoneOffset.UTC)
                            .toLocalDate();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("BMXAA4144E - " + text + " is not a valid date.");
        }
    }
}
