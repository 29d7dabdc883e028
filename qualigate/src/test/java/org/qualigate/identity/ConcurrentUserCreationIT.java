package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.qualigate.support.AtOnce;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two creations of one user name at the same moment give one account and one refusal naming
 * {@code username}, never a server error: the unique index decides, not the check before it.
 */
class ConcurrentUserCreationIT extends QualigateIT {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-SEC-005")
    @Test
    void aCreationThatLosesTheRaceAfterItsCheckIsRefusedNamingUsernameNotAnError() throws Exception {
        String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
        // The other creation has inserted the name and not committed yet: this one's check sees no such user,
        // its insert waits on the unique index, and the other commits while it waits.
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement(
                    "INSERT INTO app_user (username, display_name, kind, roles, origin, created_at, created_by) "
                            + "VALUES (?, 'Other', 'PERSON', '{AUDITOR}', 'API', ?, 'admin')")) {
                insert.setString(1, name);
                insert.setTimestamp(2, java.sql.Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            // on a thread of its own: the common pool may have one worker, busy with something else
            FutureTask<HttpResponse<String>> creation = new FutureTask<>(() -> create(name, "Late Creation"));
            Thread.ofPlatform().name("late-creation").start(creation);
            waitUntilBlockedOnTheIndex(name);
            other.commit();

            HttpResponse<String> late = creation.get(30, TimeUnit.SECONDS);
            assertThat(late.statusCode()).as(late.body()).isEqualTo(400);
            JsonNode problem = json(late);
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("username");
            assertThat(problem.get("errors").get(0).get("reason").asString()).contains("is taken");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE username = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Verifies("URS-SEC-005")
    @Test
    void twoCreationsOfOneNameSentTogetherGiveOneAccountAndOneRefusal() throws Exception {
        for (int round = 0; round < 10; round++) {
            String name = "pair-" + UUID.randomUUID().toString().substring(0, 8);
            AtOnce.Attempts<HttpResponse<String>> both =
                    AtOnce.timed(List.of(() -> create(name, "Twin 0"), () -> create(name, "Twin 1")));
            assertThat(both.overlapped())
                    .as("round " + round + ": both creations under way together")
                    .isTrue();
            List<Integer> statuses = new ArrayList<>();
            for (HttpResponse<String> r : both.answers()) {
                statuses.add(r.statusCode());
                if (r.statusCode() == 400) {
                    assertThat(json(r).get("errors").get(0).get("field").asString())
                            .isEqualTo("username");
                }
            }
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(201, 400);
        }
    }

    private HttpResponse<String> create(String name, String displayName) {
        return postAs(
                "admin",
                "/api/v1/users",
                "{\"username\":\"" + name + "\",\"displayName\":\"" + displayName
                        + "\",\"roles\":[\"AUDITOR\"],\"password\":\"correct-horse-battery-9\"}");
    }

    /** Until PostgreSQL shows a session waiting for a lock while inserting this name. */
    private void waitUntilBlockedOnTheIndex(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            long waiting = jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            + "AND query LIKE 'INSERT INTO app_user%'")
                    .query(Long.class)
                    .single();
            if (waiting > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the creation of " + name + " never waited on the unique index");
    }
}
