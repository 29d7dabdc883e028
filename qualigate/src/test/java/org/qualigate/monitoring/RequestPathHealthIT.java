package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.JsonNode;

/**
 * Readiness includes a real request through this instance's own connector and database: UP while it is
 * served, DOWN while the database cannot give it a connection, UP again once it can; anonymous callers
 * see the status only.
 */
class RequestPathHealthIT extends QualigateIT {

    @Autowired
    RequestPathCheck check;

    @Autowired
    DataSource dataSource;

    @Verifies({"URS-BCP-040", "URS-SEC-001"})
    @Test
    void readinessNamesTheRequestPathAndTheJarAndShowsAnonymousCallersTheStatusOnly() throws Exception {
        assertThat(check.run().served()).isTrue();

        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(uri("/actuator/health/readiness")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(anonymous.body()).has("components")).isFalse();
        HttpResponse<String> roundtrip = http.send(
                HttpRequest.newBuilder(uri("/actuator/health/roundtrip")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(roundtrip.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(roundtrip.body()).has("components")).isFalse();

        JsonNode components =
                JSON.readTree(get("/actuator/health/readiness").body()).get("components");
        assertThat(components.get("requestPath").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("requestPath").get("details").get("detail").asString())
                .startsWith("GET /actuator/health/roundtrip answered 200 UP");
        assertThat(components.get("artifact").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("artifact").get("details").get("runningFrom").asString())
                .isEqualTo("class directories (no jar)");
        JsonNode info = JSON.readTree(get("/actuator/info").body());
        assertThat(info.get("artifact").get("runningFrom").asString()).isEqualTo("class directories (no jar)");
    }

    @Verifies("URS-BCP-040")
    @Test
    void whileNoDatabaseConnectionCanBeHadTheRequestPathIsDownAndComesBackAfterwards() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        List<Connection> held = new ArrayList<>();
        try {
            // every connection of the pool, as a burst of slow requests would hold them
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(pool.getConnection());
            }

            RequestPathCheck.Outcome slow = check.run();

            assertThat(slow.served()).isFalse();
            assertThat(slow.detail()).contains("got no answer within");
            assertThat(check.health().getStatus())
                    .as("one slow moment keeps the instance in service")
                    .isIn(RequestPathCheck.DEGRADED, Status.DOWN);

            RequestPathCheck.Outcome starved = check.run();

            assertThat(starved.slowInARow()).isGreaterThanOrEqualTo(2);
            assertThat(check.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(check.run().served()).isTrue();
        assertThat(check.health().getStatus()).isEqualTo(Status.UP);
    }
}
