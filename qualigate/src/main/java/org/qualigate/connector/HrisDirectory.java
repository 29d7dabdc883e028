package org.qualigate.connector;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The HRIS worker directory: who works where, for whom, and whether they still do. */
public interface HrisDirectory {

    /** The name of the source, e.g. {@code hris}. */
    String name();

    /** Every worker, read page by page; throws {@link TargetException} when the HRIS cannot be read. */
    List<Worker> workers();

    /**
     * One worker as the directory lists them; fields are as the HRIS sent them, validated by the caller.
     *
     * @param site the HRIS's location of the worker (mapped to a plant site by the caller)
     * @param line the production line, from the HRIS's organisation or department, if it names one
     * @param status {@code ACTIVE} or {@code TERMINATED} in the adapter's translation
     * @param changedAt when the HRIS last changed the worker, if it says
     * @param unreadable a field of the worker that could not be read and why ({@code field: reason}); such a worker is
     *     set aside, never guessed at
     */
    record Worker(
            String employeeId,
            @Nullable String givenName,
            @Nullable String familyName,
            @Nullable String email,
            @Nullable String site,
            @Nullable String line,
            @Nullable String supervisorId,
            @Nullable String status,
            @Nullable LocalDate hireDate,
            @Nullable LocalDate terminationDate,
            @Nullable String jobTitle,
            @Nullable Instant changedAt,
            @Nullable String unreadable) {

        /** A worker as the generic JSON directory lists them. */
        public static Worker of(
                String employeeId,
                @Nullable String givenName,
                @Nullable String familyName,
                @Nullable String email,
                @Nullable String site,
                @Nullable String supervisorId,
                @Nullable String status,
                @Nullable LocalDate hireDate,
                @Nullable String jobTitle) {
            return new Worker(
                    employeeId,
                    givenName,
                    familyName,
                    email,
                    site,
                    null,
                    supervisorId,
                    status,
                    hireDate,
                    null,
                    jobTitle,
                    null,
                    null);
        }
    }
}
