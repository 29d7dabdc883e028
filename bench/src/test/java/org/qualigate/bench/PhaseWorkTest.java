package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseWorkTest {

    /** One line of PostgreSQL's JSON log as {@code auto_explain} writes it with {@code log_format = json}. */
    private static String logged(String query, String indexCond, long hits) {
        return logged("qualigate_app", query, indexCond, hits);
    }

    private static String logged(String role, String query, String indexCond, long hits) {
        String plan = """
                {
                  "Query Text": "%s",
                  "Plan": {
                    "Node Type": "Function Scan",
                    "Function Name": "unnest",
                    "Alias": "p",
                    "Plan Rows": 10,
                    "Actual Rows": 2.00,
                    "Actual Loops": 1,
                    "Shared Hit Blocks": %d,
                    "Shared Read Blocks": 0,
                    "Plans": [
                      {
                        "Node Type": "Aggregate",
                        "Strategy": "Plain",
                        "Parent Relationship": "SubPlan",
                        "Subplan Name": "SubPlan 1",
                        "Plan Rows": 1,
                        "Actual Rows": 1.00,
                        "Actual Loops": 2,
                        "Shared Hit Blocks": %d,
                        "Shared Read Blocks": 3,
                        "Plans": [
                          {
                            "Node Type": "Index Scan",
                            "Index Name": "qualification_person",
                            "Relation Name": "qualification",
                            "Alias": "q",
                            "Plan Rows": 5,
                            "Actual Rows": 6.50,
                            "Actual Loops": 2,
                            "Shared Hit Blocks": 8,
                            "Shared Read Blocks": 0,
                            "Index Cond": "%s"
                          }
                        ]
                      }
                    ]
                  }
                }""".formatted(query, hits, hits - 1, indexCond);
        String message = "duration: 12.345 ms  plan:\n" + plan;
        return "{\"timestamp\":\"2026-12-07 12:00:00.000 UTC\",\"user\":\"" + role
                + "\",\"pid\":4242,\"backend_type\":\"client backend\",\"message\":" + quoted(message)
                + ",\"query_id\":-123}";
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    @Test
    void readsEachLoggedPlanOfTheRoleWithItsStatementRowsAndBuffersAndSkipsOtherLines() {
        String log = String.join(
                "\n",
                "{\"timestamp\":\"2026-12-07 12:00:00.000 UTC\",\"message\":\"checkpoint starting: time\"}",
                logged("SELECT x FROM unnest($1)", "(employee_id = p.id)", 12),
                logged("postgres", "SELECT count(*) FROM pg_stat_activity", "(pid = 1)", 1),
                "{\"message\":\"duration: 1.0 ms  plan:\\n{ cut off",
                "");

        List<PhaseWork.LoggedPlan> plans = PhaseWork.plans(log, "qualigate_app");

        assertThat(plans).hasSize(1);
        assertThat(plans.getFirst().query()).isEqualTo("SELECT x FROM unnest($1)");
        assertThat(plans.getFirst().lines())
                .containsExactly(
                        "Function Scan on unnest p (estimated rows=10, actual rows=2 loops=1, shared hit=12 read=0)",
                        "  -> [SubPlan 1] Aggregate (estimated rows=1, actual rows=1 loops=2, shared hit=11 read=3)",
                        "    -> Index Scan using qualification_person on qualification q (estimated rows=5, actual"
                                + " rows=6.50 loops=2, shared hit=8 read=0) Index Cond: (employee_id = p.id)");
    }

    @Test
    void plansThatDifferOnlyInTheirCountsHaveOneShapeAndOtherConditionsAnother() {
        var a = PhaseWork.plans(logged("SELECT 1", "(employee_id = p.id)", 12), "qualigate_app")
                .getFirst();
        var b = PhaseWork.plans(logged("SELECT 1", "(employee_id = p.id)", 900), "qualigate_app")
                .getFirst();
        var c = PhaseWork.plans(logged("SELECT 1", "(employee_id = $1)", 12), "qualigate_app")
                .getFirst();

        assertThat(a.shape()).isEqualTo(b.shape()).isNotEqualTo(c.shape());

        StringBuilder md = new StringBuilder();
        PhaseWork.plansMarkdown(md, List.of(a, b, c), 5);
        assertThat(md.toString())
                .contains("3 slow executions of 1 statements")
                .contains("- `SELECT 1`: logged 3 times, 2 plans")
                .contains("2 of them:")
                .contains("1 of them:")
                .contains("Index Cond: (employee_id = $1)");
    }

    @Test
    void saysWhenNoPlanWasSlowEnough() {
        StringBuilder md = new StringBuilder();
        PhaseWork.plansMarkdown(md, List.of(), 5);
        assertThat(md.toString()).contains("No plan was slow enough");
    }

    @Test
    void tellsPostgresProcessesByTheirTitles() {
        assertThat(PhaseWork.kindOf("postgres: autovacuum worker postgres")).isEqualTo("autovacuum worker");
        assertThat(PhaseWork.kindOf("postgres: checkpointer ")).isEqualTo("checkpointer");
        assertThat(PhaseWork.kindOf("postgres: walwriter ")).isEqualTo("walwriter");
        assertThat(PhaseWork.kindOf("postgres: qualigate_app postgres 127.0.0.1(40000) idle"))
                .isEqualTo("client backend");
        assertThat(PhaseWork.kindOf("/tmp/embedded-pg/bin/postgres\0-D\0/tmp/data\0"))
                .isEqualTo("postmaster");
    }

    @Test
    void countsEachKindsTicksBetweenTwoReadingsAndANewProcessWhole() {
        Map<Long, PhaseWork.ProcessTicks> before = Map.of(
                1L, new PhaseWork.ProcessTicks("client backend", 100),
                2L, new PhaseWork.ProcessTicks("checkpointer", 50));
        Map<Long, PhaseWork.ProcessTicks> after = Map.of(
                1L, new PhaseWork.ProcessTicks("client backend", 400),
                2L, new PhaseWork.ProcessTicks("checkpointer", 50),
                3L, new PhaseWork.ProcessTicks("autovacuum worker", 100));

        Map<String, Long> byKind = PhaseWork.ticksByKind(before, after);

        assertThat(byKind)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("client backend", 300L, "checkpointer", 0L, "autovacuum worker", 100L));
        assertThat(PhaseWork.cpuShares(byKind)).isEqualTo("client backend 75 %, autovacuum worker 25 % (of 400 ticks)");
        assertThat(PhaseWork.cpuShares(Map.of())).isEqualTo("not measured");
    }

    @Test
    void maintenanceInsideTheWindowIsTheDifferenceOfTheCounters() {
        var before = new PhaseWork.Maintenance(Map.of("qualification", 1L), Map.of("qualification", 2L), 3, 100, 7);
        var after = new PhaseWork.Maintenance(
                Map.of("qualification", 1L), Map.of("qualification", 3L, "qualification_version", 2L), 4, 350, 7);

        var during = after.since(before);

        assertThat(during.autovacuums()).isEmpty();
        assertThat(during.autoanalyzes())
                .containsExactly(Map.entry("qualification", 1L), Map.entry("qualification_version", 2L));
        assertThat(during.describe())
                .isEqualTo("autovacuum none; autoanalyze 3 (qualification, qualification_version ×2); checkpoints 1"
                        + " (250 buffers written), background writer 0 buffers");
    }

    @Test
    void printsEachStatementsCallsPlansRowsAndBuffersPerCallRankedByTime() {
        var counts = new PhaseWork.Counts(
                List.of(
                        new PhaseWork.Statement("SELECT x.id FROM unnest($1)", 60, 60, 90, 800.0, 60_000),
                        new PhaseWork.Statement("INSERT INTO qualification VALUES ($1)", 100, 2, 100, 100.0, 800),
                        new PhaseWork.Statement("COMMIT", 60, 0, 0, 50.0, 0)),
                new PhaseWork.Maintenance(Map.of(), Map.of(), 0, 0, 0),
                Map.of("client backend", 10L),
                List.of());

        String md = counts.markdown("webhooks, 8 clients", "accepted webhook", 100, 5, 3);

        assertThat(counts.statementsPer(100)).isEqualTo(1.6);
        assertThat(md)
                .contains("**webhooks, 8 clients** (100 accepted webhooks; the service's top-level statements 1.60"
                        + " per accepted webhook)")
                .contains("- Maintenance inside the window: autovacuum none; autoanalyze none; checkpoints 0")
                .contains("- PostgreSQL's CPU by process: client backend 100 % (of 10 ticks)")
                .contains("| `SELECT x.id FROM unnest($1)` | 0.60 | 1 | 1.50 | 1,000 | 84 % |")
                .contains("| `INSERT INTO qualification VALUES ($1)` | 1 | 0.02 | 1 | 8 | 11 % |")
                .doesNotContain("`COMMIT`");
        assertThat(md.indexOf("SELECT x.id")).isLessThan(md.indexOf("INSERT INTO qualification"));
    }
}
