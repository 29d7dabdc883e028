package org.qualigate.support;

import java.time.LocalDate;
import org.qualigate.access.InstrumentCalibrations;
import org.qualigate.connector.EquipmentCalibrations;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** An instrument's calibration state as the maintenance system and the QMS agree on it, recorded as a comparison would. */
public final class AgreedCalibration {

    private AgreedCalibration() {}

    public static void agree(
            PlatformTransactionManager transactions,
            InstrumentCalibrations calibrations,
            String asset,
            String site,
            EquipmentCalibrations.Status status,
            LocalDate calibrated,
            LocalDate due) {
        new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> calibrations.agreed(
                        new EquipmentCalibrations.Calibration(
                                asset, site, status, due, calibrated, status.name(), "test"),
                        "the maintenance system and the QMS agree",
                        "system"));
    }
}
