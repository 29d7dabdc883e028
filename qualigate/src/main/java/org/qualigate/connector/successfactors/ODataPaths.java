package org.qualigate.connector.successfactors;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The request URIs of the SuccessFactors APIs this adapter uses. */
final class ODataPaths {

    static final String ODATA = "/odata/v2";
    static final String LEARNING = "/learning/odatav4/public/user/userlearning-service/v1";

    /** Every status SuccessFactors gives users: active, inactive, and their external-user variants. */
    static final String ALL_STATUSES = "status in 't','f','T','F','e','d'";

    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private ODataPaths() {}

    static URI users(URI apiBase, String select, String filter, int pageSize, boolean expandManager) {
        return URI.create(base(apiBase, ODATA) + "/User?$format=json&$select=" + encode(select)
                + (expandManager ? "&$expand=manager" : "") + "&$filter=" + encode(filter)
                + "&paging=snapshot&customPageSize=" + pageSize);
    }

    static URI learningHistory(URI learningBase, String userId) {
        return URI.create(base(learningBase, LEARNING) + "/learninghistorys?$filter="
                + encode("criteria/targetUserID eq " + quote(userId)));
    }

    /** {@code lastModifiedDateTime} within [from, through], widened to whole seconds (Edm.DateTime, UTC). */
    static String modifiedWithin(Instant from, Instant through) {
        Instant upper = through.truncatedTo(ChronoUnit.SECONDS).equals(through)
                ? through
                : through.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return "lastModifiedDateTime ge datetime'" + DATETIME.format(from) + "' and lastModifiedDateTime le datetime'"
                + DATETIME.format(upper) + "'";
    }

    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String base(URI configured, String service) {
        String s = configured.toString().replaceAll("/+$", "");
        return s.endsWith(service) ? s : s + service;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
