package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's staffing story holds on whatever day the demo is started: PACK-3's night crew B has one operator more
 * than the minimum, two of them hold serialisation certificates that run out three and four days after the start,
 * and once the role's grace period has passed, a shift of that crew within the next fortnight has fewer certified
 * operators than the minimum — so the forecast shows a shift at risk and the supervisor's e-mail is due.
 */
class DemoRosterTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-01-01T06:00:00Z",
                "2026-02-28T23:30:00Z",
                "2026-07-15T12:00:00Z",
                "2026-12-06T16:00:00Z",
                "2027-03-28T01:00:00Z",
                "2028-02-29T09:00:00Z"
            })
    void aNightShiftOfPack3FallsBelowItsMinimumWithinAFortnightOfTheDemosStart(String start) {
        Instant now = Instant.parse(start);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        DemoPlant plant = DemoWorkforceTest.PLANT;
        DemoWorkforce.Result workforce = DemoWorkforce.generate(plant, 42, now);
        DemoRoster.Result demo = DemoRoster.plan(plant, workforce, DemoQmsRecords.plan(plant, workforce, 42, now), now);

        DemoPlant.Staffing pack3 = plant.staffing().stream()
                .filter(s -> s.line().equals(DemoRoster.STORY_LINE) && s.role().endsWith(".OPERATOR"))
                .findFirst()
                .orElseThrow();
        int grace = plant.roles().stream()
                .filter(r -> r.name().equals(pack3.role()))
                .findFirst()
                .orElseThrow()
                .graceDays();
        assertThat(demo.lapsing()).hasSize(2);
        String certificate =
                plant.qualification(DemoRoster.STORY_CODE).orElseThrow().workday();
        LocalDate lastValid = demo.records().stream()
                .filter(r -> demo.lapsing().contains(r.employeeId())
                        && r.certificationId().equals(certificate))
                .map(r -> LocalDate.parse(r.expiresOn()))
                .max(LocalDate::compareTo)
                .orElseThrow();
        assertThat(lastValid).isBetween(today.plusDays(3), today.plusDays(4));

        List<Scheduling.Rostered> crew = demo.crews().stream()
                .filter(c -> c.workCenter() != null && c.workCenter().equals(DemoRoster.STORY_LINE))
                .filter(c -> c.shift().equals(DemoRoster.STORY_SHIFT)
                        && demo.lapsing().contains(c.employeeId()))
                .toList();
        assertThat(crew).hasSize(2);
        LocalDate anchor = crew.getFirst().from();
        List<String> crewB = demo.crews().stream()
                .filter(c -> pack3.role().endsWith("." + c.position()) && anchor.equals(c.from()))
                .filter(c -> DemoRoster.STORY_LINE.equals(c.workCenter())
                        && c.shift().equals(DemoRoster.STORY_SHIFT))
                .map(Scheduling.Rostered::employeeId)
                .toList();
        assertThat(crewB.size() - demo.lapsing().size())
                .as("certified operators left on the crew")
                .isLessThan(pack3.minimum());
        // the first night the crew works after both certificates' grace has run out
        LocalDate firstShort = lastValid.plusDays(grace + 1L);
        while (Math.floorMod(ChronoUnit.DAYS.between(anchor, firstShort), DemoRoster.DAYS_ON + DemoRoster.DAYS_OFF)
                >= DemoRoster.DAYS_ON) {
            firstShort = firstShort.plusDays(1);
        }
        assertThat(firstShort)
                .as("a shift at risk within the supervisor's fortnight")
                .isBefore(today.plusDays(14));
    }
}
