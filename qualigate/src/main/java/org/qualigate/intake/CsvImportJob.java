package org.qualigate.intake;

import org.qualigate.jobs.Job;
import org.qualigate.jobs.JobHandler;
import org.qualigate.jobs.JobResult;
import org.springframework.stereotype.Component;

/**
 * A CSV file (the job's input, parameter {@code source}) imported in the background row by row; progress is
 * the share of rows done, and the result the import run's page with every row set aside and why.
 */
@Component
public class CsvImportJob implements JobHandler {

    public static final String KIND = "csv-import";

    private final CsvImport imports;

    CsvImportJob(CsvImport imports) {
        this.imports = imports;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JobResult run(Job job, byte[] input, Progress progress) {
        String file = job.inputName() == null ? "upload.csv" : job.inputName();
        CsvImport.Run run = imports.importFile(
                job.parameter("source"), file, input, "user:" + job.requestedBy(), progress.counting("rows"));
        return new JobResult("/imports/" + run.id(), "import of " + file);
    }
}
