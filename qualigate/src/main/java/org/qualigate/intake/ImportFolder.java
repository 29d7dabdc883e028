package org.qualigate.intake;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Watches a folder for CSV exports ({@code qualigate.imports.folder}; none, no watching): each
 * {@code *.csv} file is imported row by row, then moved to {@code processed/} (or {@code failed/} when it
 * could not be read at all). A crash before the move imports the file again, which is harmless: every row
 * seen before is a duplicate.
 */
@Component
class ImportFolder {

    private static final Logger log = LoggerFactory.getLogger(ImportFolder.class);

    private final CsvImport imports;
    private final String folder;
    private final String source;

    public ImportFolder(
            CsvImport imports,
            @Value("${qualigate.imports.folder:}") String folder,
            @Value("${qualigate.imports.source:csv}") String source) {
        this.imports = imports;
        this.folder = folder;
        this.source = source;
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${qualigate.imports.poll:PT30S}")
    public void poll() {
        if (folder.isBlank()) {
            return;
        }
        Path dir = Path.of(folder);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.csv")) {
            for (Path file : files) {
                importOne(dir, file);
            }
        } catch (IOException e) {
            log.warn("import folder {} cannot be read: {}", dir, e.getMessage());
        }
    }

    private void importOne(Path dir, Path file) {
        String outcome = "processed";
        try {
            CsvImport.Run run = imports.importFile(
                    source, file.getFileName().toString(), Files.readAllBytes(file), "folder:" + dir);
            log.info("imported {}: {}", file.getFileName(), run.counts());
        } catch (IOException | RuntimeException e) {
            outcome = "failed";
            log.error("import of {} failed: {}", file, e.toString());
        }
        try {
            Path target = Files.createDirectories(dir.resolve(outcome));
            Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.error("{} was imported but could not be moved to {}/: {}", file, outcome, e.getMessage());
        }
    }
}
