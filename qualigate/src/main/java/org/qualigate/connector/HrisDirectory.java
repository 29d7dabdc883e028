package org.qualigate.connector;

import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The HRIS worker directory: who works where, for whom, and whether they still do. */
public interface HrisDirectory {

    /** The name of the source, e.g. {@code hris}. */
    String name();

    /** Every worker, read page by page; throws {@link TargetException} when the HRIS cannot be read. */
    List<Worker> workers();

    /** One worker as the directory lists them; fields are as the HRIS sent them, validated by the caller. */
    record Worker(
            String employeeId,
            @Nullable String givenName,
            @Nullable String familyName,
            @Nullable String email,
            @Nullable String site,
            @Nullable String supervisorId,
            @Nullable String status,
            @Nullable LocalDate hireDate,
            @Nullable String jobTitle) {}
}
