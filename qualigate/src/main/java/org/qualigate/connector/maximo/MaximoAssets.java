package org.qualigate.connector.maximo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.connector.internal.PagedList;
import org.qualigate.trace.Traces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The maintenance system's assets through Maximo's REST/JSON API: {@code GET
 * {base}/{route}/os/{objectStructure}?lean=1&oslc.select=…&oslc.pageSize=n}, following {@code responseInfo.nextPage}
 * to the last page, with the {@code apikey} header; a correction is {@code POST {href}} with {@code
 * x-method-override: PATCH} and {@code patchtype: MERGE}. A page link or an href pointing anywhere but Maximo's own
 * origin is refused, so the key never leaves for another host.
 */
final class MaximoAssets implements EquipmentCalibrations {

    static final String SELECT =
            "assetnum,siteid,status,description,location,pluscismte,pluscduedate,qglastcaldate,qgcalresult,changedate";
    private static final int MAX_PAGES = 10_000;

    private final String name;
    private final MaximoSettings settings;
    private final HttpCalls calls;
    private final JsonMapper json = JsonMapper.builder().build();
    private final MaximoMembers members = new MaximoMembers(json);

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public MaximoAssets(String name, MaximoSettings settings, Traces.CallRecorder recorder) {
        this(
                name,
                settings,
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                recorder);
    }

    public MaximoAssets(String name, MaximoSettings settings, HttpClient http, Traces.CallRecorder recorder) {
        if (!settings.configured()
                || settings.apiKey() == null
                || settings.apiKey().isBlank()) {
            throw new IllegalArgumentException("Maximo needs a base URL and an API key");
        }
        this.name = name;
        this.settings = settings;
        this.calls = new HttpCalls(http, recorder);
    }

    @Override
    public System system() {
        return System.MAINTENANCE;
    }

    @Override
    public List<Row> readAll() {
        return PagedList.readAll(
                page(firstPage()),
                this::rows,
                MaximoMembers::next,
                this::page,
                MAX_PAGES,
                () -> TargetException.permanentFailure(prefix() + "more than " + MAX_PAGES + " pages", null));
    }

    private List<Row> rows(JsonNode page) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode member : MaximoMembers.members(page)) {
            // one unusable member is kept with its reason; the page goes on
            rows.add(members.row(member));
        }
        return rows;
    }

    private JsonNode page(String link) {
        return parse(send("GET", own(link), null), link);
    }

    @Override
    public void correct(
            Calibration current,
            Status status,
            @Nullable LocalDate dueDate,
            @Nullable LocalDate lastCalibration,
            LocalDate siteToday) {
        // a request body to Maximo: its field names are Maximo's
        Map<String, Object> body = new LinkedHashMap<>();
        switch (status) {
            case CALIBRATED -> {
                body.put("status", "OPERATING");
                body.put("qgcalresult", "PASS");
            }
            case OUT_OF_TOLERANCE -> {
                body.put("status", "BROKEN");
                body.put("qgcalresult", "FAIL");
            }
            case OUT_OF_SERVICE -> body.put("status", "NOT READY");
        }
        body.put("pluscduedate", dateTime(dueDate));
        body.put("qglastcaldate", dateTime(lastCalibration));
        String href = current.reference() + (current.reference().contains("?") ? "&" : "?") + "lean=1";
        HttpResponse<String> response = send("POST", own(href), json.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
    }

    String firstPage() {
        StringBuilder q = new StringBuilder(root())
                .append('/')
                .append(settings.route())
                .append("/os/")
                .append(settings.objectStructure())
                .append("?lean=1&oslc.select=")
                .append(enc(SELECT))
                .append("&oslc.orderBy=")
                .append(enc("+assetnum"))
                .append("&oslc.pageSize=")
                .append(settings.pageSize());
        if (settings.where() != null && !settings.where().isBlank()) {
            q.append("&oslc.where=").append(enc(settings.where()));
        }
        return q.toString();
    }

    private String root() {
        String base = Objects.requireNonNull(settings.baseUrl());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The link as a URI, when it is on Maximo's own origin. */
    private URI own(String link) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw TargetException.permanentFailure(prefix() + "an unusable link " + link, e);
        }
        URI base = URI.create(root());
        if (!Objects.equals(uri.getScheme(), base.getScheme())
                || !Objects.equals(uri.getHost(), base.getHost())
                || uri.getPort() != base.getPort()) {
            throw TargetException.permanentFailure(
                    prefix() + "a link to another host is not followed: " + uri.getScheme() + "://" + uri.getHost(),
                    null);
        }
        return uri;
    }

    private HttpResponse<String> send(String method, URI uri, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("apikey", Objects.requireNonNull(settings.apiKey()))
                .header("Accept", "application/json");
        if (method.equals("POST")) {
            request.header("x-method-override", "PATCH")
                    .header("patchtype", "MERGE")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Objects.requireNonNull(body)));
        } else {
            request.GET();
        }
        return calls.send(
                request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                e -> prefix() + method + " " + uri.getPath() + ": " + e,
                prefix() + "interrupted");
    }

    private JsonNode parse(HttpResponse<String> response, String link) {
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        try {
            JsonNode page = json.readTree(response.body());
            if (page == null || !page.isObject() || !(page.has("member") || page.has("rdfs:member"))) {
                throw TargetException.permanentFailure(prefix() + "a page without members at " + link, null);
            }
            return page;
        } catch (JacksonException e) {
            throw TargetException.permanentFailure(prefix() + "a page that is not JSON at " + link, e);
        }
    }

    private TargetException failure(HttpResponse<String> response) {
        int status = response.statusCode();
        String message = "HTTP " + status + " " + error(response.body());
        if (status == 429) {
            return TargetException.rateLimited(
                    prefix() + message,
                    response.headers()
                            .firstValue("Retry-After")
                            .flatMap(MaximoAssets::seconds)
                            .orElse(null));
        }
        return status >= 500 || status == 408
                ? TargetException.transientFailure(prefix() + message, null)
                : TargetException.permanentFailure(prefix() + message, null);
    }

    /** Maximo's own message ({@code Error.message}, which starts with the BMXAA reason code), if the body has one. */
    private String error(String body) {
        try {
            JsonNode error = json.readTree(body).path("Error");
            String message = error.path("message").asString("");
            return message.isBlank() ? "" : message;
        } catch (JacksonException e) {
            return "";
        }
    }

    private static java.util.Optional<Duration> seconds(String text) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static @Nullable String dateTime(@Nullable LocalDate date) {
        return date == null ? null : date + "T00:00:00+00:00";
    }

    private String prefix() {
        return name + ": ";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
