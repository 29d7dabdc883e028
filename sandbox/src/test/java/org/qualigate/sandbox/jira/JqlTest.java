package org.qualigate.sandbox.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JqlTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static Issue issue(long number, String label) {
        Issue issue = new Issue(
                10_000 + number,
                number,
                "QA",
                "Task",
                "s",
                JSON.nullNode(),
                List.of(label),
                null,
                Instant.parse("2026-11-20T08:00:00Z").plusSeconds(number));
        issue.property("qualigate", JSON.readTree("{\"key\":\"" + label + "\"}"), issue.created());
        return issue;
    }

    @Test
    void matchesLabelsStatusCategoryAndIssuePropertiesJoinedByAnd() {
        Issue open = issue(1, "qg-capa-1");
        Issue done = issue(2, "qg-capa-2");
        done.transition(Workflow.DONE, done.created());

        Jql notDone = Jql.parse("project = QA AND statusCategory != Done AND labels in (qg-capa-1, \"qg-capa-2\")");
        Jql byProperty = Jql.parse("issue.property[qualigate].key = 'qg-capa-2'");

        assertThat(notDone.matches(open)).isTrue();
        assertThat(notDone.matches(done)).isFalse();
        assertThat(byProperty.matches(done)).isTrue();
        assertThat(byProperty.matches(open)).isFalse();
    }

    @Test
    void ordersByKeyDescendingAndKnowsAnUnboundedQuery() {
        Jql jql = Jql.parse("ORDER BY key DESC");

        assertThat(jql.bounded()).isFalse();
        assertThat(List.of(issue(1, "a"), issue(2, "b")).stream()
                        .sorted(jql.order())
                        .map(Issue::key))
                .containsExactly("QA-2", "QA-1");
    }

    @Test
    void refusesAnUnknownFieldNamingIt() {
        assertThatThrownBy(() -> Jql.parse("colour = red"))
                .hasMessage("Field 'colour' does not exist or you do not have permission to view it.");
    }
}
