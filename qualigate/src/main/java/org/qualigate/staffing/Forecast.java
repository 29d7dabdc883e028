package org.qualigate.staffing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleName;

/**
 * The staffing forecast of one site from {@code from} to {@code until}: every rostered shift of a line with a
 * staffing minimum, and for each role the people who will hold it and those who will not, with why.
 * {@code unreadable} lists roster entries the scheduling system sent that could not be used.
 */
public record Forecast(String site, Instant from, Instant until, List<ShiftForecast> shifts, List<String> unreadable) {

    public Forecast {
        shifts = List.copyOf(shifts);
        unreadable = List.copyOf(unreadable);
    }

    /** The shifts with at least one role below its minimum. */
    public List<ShiftForecast> atRisk() {
        return shifts.stream().filter(ShiftForecast::atRisk).toList();
    }

    /** The shifts of one line. */
    public List<ShiftForecast> ofLine(String line) {
        return shifts.stream().filter(s -> s.line().equals(line)).toList();
    }

    /** One occurrence of a shift on a line: the site's day it starts, its instants, and each role's count. */
    public record ShiftForecast(
            String site,
            String line,
            String shift,
            LocalDate date,
            Instant start,
            Instant end,
            List<RoleForecast> roles) {

        public ShiftForecast {
            roles = List.copyOf(roles);
        }

        public boolean atRisk() {
            return roles.stream().anyMatch(RoleForecast::atRisk);
        }

        /** A stable key of the occurrence, e.g. {@code BSL/PACK-3/night/2026-11-24T21:00:00Z}. */
        public String key() {
            return site + "/" + line + "/" + shift + "/" + start;
        }
    }

    /** How many rostered people will hold the role through the shift, against the minimum. */
    public record RoleForecast(RoleName role, int minimum, List<Holding> holding, List<Shortfall> shortfalls) {

        public RoleForecast {
            holding = List.copyOf(holding);
            shortfalls = List.copyOf(shortfalls);
        }

        public int held() {
            return holding.size();
        }

        public int rostered() {
            return holding.size() + shortfalls.size();
        }

        public boolean atRisk() {
            return held() < minimum;
        }
    }

    /** A rostered person who holds the role through the shift, and how. */
    public record Holding(
            EmployeeId employeeId,
            String name,
            How how,
            @Nullable Instant lapsesAt) {}

    /** How a person holds a role through a shift. */
    public enum How {
        /** The rules justify it at the shift's start and end. */
        RULES,
        /** Only a grace period after an expiry keeps it justified. */
        GRACE,
        /** An emergency override in force covers the whole shift. */
        OVERRIDE,
        /** It lapses during the shift, and its revocation is held back to the shift's end (the person is on shift). */
        DEFERRAL
    }

    /** A rostered person who will not hold the role on the shift, why, since when, and what would restore it. */
    public record Shortfall(
            EmployeeId employeeId,
            String name,
            Why why,
            @Nullable Instant lapsesAt,
            List<Missing> missing) {

        public Shortfall {
            missing = List.copyOf(missing);
        }
    }

    /** Why a rostered person will not hold the role. */
    public enum Why {
        /** They hold it now; it lapses before or during the shift ({@code lapsesAt}). */
        LAPSES,
        /** They do not hold it now either. */
        NOT_QUALIFIED,
        /** An access review suspended it until QA lifts the suspension. */
        SUSPENDED,
        /** The person is not active (terminated or on leave in the HRIS). */
        INACTIVE,
        /** The scheduling system rosters someone the ledger does not know. */
        UNKNOWN_PERSON
    }

    /**
     * One qualification of the requirement set closest to being met that is missing at the shift: taking that
     * training (or renewing it) would restore the role. {@code expiredAt} is set when it expired.
     */
    public record Missing(
            QualificationCode code,
            int minimumLevel,
            @Nullable Instant expiredAt,
            String reason) {}
}
