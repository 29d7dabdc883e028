package org.qualigate.sandbox.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.ems.Room;

class DemoQualityTest {

    static final DemoQuality DEMO = DemoQuality.load();

    @Test
    void readsThePlantsMaterialsInstrumentsAndRoomsOfTheDemoFile() {
        assertThat(DEMO.plants()).extracting(DemoQuality.Plant::plant).containsExactly("CH10", "US20", "SG30");
        assertThat(DEMO.plant("BSL").orElseThrow().storageLocations()).containsEntry("3000", "Finished goods");
        assertThat(DEMO.materials()).hasSize(5);
        assertThat(DEMO.batchesPerMaterial()).isEqualTo(40);
        assertThat(DEMO.equipment()).hasSize(10);
        assertThat(DEMO.conflictOneIn()).isEqualTo(15);
        assertThat(DEMO.capaDays()).containsEntry("major", 60);
    }

    @Test
    void holdsEachRoomToItsGradesInOperationLimitsAndGradeDToItsAtRestOnes() {
        Room gradeA = DEMO.rooms().stream()
                .filter(r -> r.grade().equals("A"))
                .findFirst()
                .orElseThrow();
        Room gradeB = DEMO.rooms().stream()
                .filter(r -> r.grade().equals("B"))
                .findFirst()
                .orElseThrow();
        Room gradeD = DEMO.rooms().stream()
                .filter(r -> r.grade().equals("D"))
                .findFirst()
                .orElseThrow();

        assertThat(gradeA.particles05Limit()).isEqualTo(3520);
        assertThat(gradeA.particles50Limit()).isNull();
        assertThat(gradeB.particles05Limit()).isEqualTo(352_000);
        assertThat(gradeB.particles50Limit()).isEqualTo(2930);
        assertThat(gradeD.particles05Limit()).isEqualTo(3_520_000);
        assertThat(gradeD.particles50Limit()).isEqualTo(29_300);
    }

    @Test
    void numbersBatchesByTheMaterialsPatternAndKeepsThemWhereTheyBelong() {
        DemoQuality.Material vials = DEMO.materials().getFirst();
        DemoQuality.Material api = DEMO.materials().getLast();

        assertThat(DemoQuality.batch(vials, 412)).isEqualTo("BSL25K0412");
        assertThat(DEMO.storageLocation(vials)).isEqualTo("3000");
        assertThat(DEMO.storageLocation(api)).isEqualTo("4000");
    }

    @Test
    void callsACalibrationDueWithinTwoWeeksAndOverdueAfterItsDate() {
        LocalDate today = LocalDate.parse("2026-11-20");

        assertThat(DemoQualitySeed.calibrationStatus(today.plusDays(30), today)).isEqualTo("Calibrated");
        assertThat(DemoQualitySeed.calibrationStatus(today.plusDays(13), today)).isEqualTo("Due");
        assertThat(DemoQualitySeed.calibrationStatus(today.minusDays(1), today)).isEqualTo("Overdue");
    }
}
