package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The agreed calibration state of one instrument at a site, as the access policy takes it: its state, the date its
 * calibration is due (date-only: valid through the end of that day in the site's zone; none when no due date is
 * recorded), since when this state has been agreed, and the day it was last calibrated: the calibration covers the
 * instrument from the start of that day at the site (decision 0077; none recorded: as far back as asked).
 */
public record InstrumentCalibration(
        String instrument,
        Status status,
        @Nullable LocalDate dueDate,
        Instant since,
        @Nullable LocalDate lastCalibration) {

    public InstrumentCalibration(String instrument, Status status, @Nullable LocalDate dueDate, Instant since) {
        this(instrument, status, dueDate, since, null);
    }

    /** Whether the instrument may be used at all; a due date that passed is judged on its own. */
    public enum Status {
        CALIBRATED,
        OUT_OF_TOLERANCE,
        OUT_OF_SERVICE
    }

    public InstrumentCalibration {
        requireNonNull(instrument, "instrument");
        requireNonNull(status, "status");
        requireNonNull(since, "since");
        // the asset number must fit a requirement's form, so a rule can name it
        InstrumentRequirement.code(instrument);
    }
}
