package org.qualigate.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The EMS records kept as unreadable and the partitions' offsets, written by the service's mapper (values and
 * contents {@code non_null}): the same fields, order, absences and number forms as the maps they replaced (whose JSON is the
 * expected text here).
 */
class EnvironmentListsJsonTest {

    private static final Instant AT = Instant.parse("2026-12-07T08:00:00.5Z");

    @Test
    void anUnreadableRecordNamesWhereItWasReadAndLeavesOutAMissingKey() {
        Excursions.UnreadableRecord keyed =
                unreadable("ems.readings", 2, 41L, "CR-101", "value", "not a number: \"high\"", "{\"value\":\"high\"}");
        Excursions.UnreadableRecord unkeyed =
                unreadable("ems.readings", 0, 3_000_000_000L, null, "record", "not JSON", "x");

        assertThat(SERVICE.writeValueAsString(List.of(keyed, unkeyed)))
                .isEqualTo("[{\"position\":\"ems.readings/2@41\",\"key\":\"CR-101\",\"field\":\"value\",\"reason\":\"n"
                        + "ot a number: \\\"high\\\"\",\"value\":\"{\\\"value\\\":\\\"high\\\"}\",\"receivedAt\":\"20"
                        + "26-12-07T08:00:00.500Z\"},{\"position\":\"ems.readings/0@3000000000\",\"field\":\"record\""
                        + ",\"reason\":\"not JSON\",\"value\":\"x\",\"receivedAt\":\"2026-12-07T08:00:00.500Z\"}]");
    }

    @Test
    void aPartitionShowsItsNumberAndNextOffsetAsNumbers() {
        var offset = new Excursions.PartitionOffset("ems.readings", 1, 3_000_000_001L, AT);

        assertThat(SERVICE.writeValueAsString(List.of(offset)))
                .isEqualTo("[{\"topic\":\"ems.readings\",\"partition\":1,\"nextOffset\":3000000001,\"updatedAt\":\"202"
                        + "6-12-07T08:00:00.500Z\"}]");
    }

    // as Excursions.unreadable reads them from its row
    private static Excursions.UnreadableRecord unreadable(
            String topic, int partition, long offset, String key, String field, String reason, String value) {
        return new Excursions.UnreadableRecord(topic + "/" + partition + "@" + offset, key, field, reason, value, AT);
    }
}
