package org.qualigate.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.Sha256;
import org.springframework.boot.system.ApplicationHome;

/**
 * The service jar a process was started from: its path, SHA-256, size and modification time as read once,
 * at start. {@link #changedOnDisk()} compares the file now with that reading, so a jar rewritten or replaced
 * under a running process is noticed (its classes not loaded yet would come from another build, or from
 * nothing). A process run from class directories (tests, an IDE) has no jar.
 */
record ServiceArtifact(
        @Nullable Path jar,
        @Nullable String sha256,
        long size,
        @Nullable Instant modified,
        Instant readAt) {

    /** The jar this JVM runs the service from, read now; without a jar, an artifact that says so. */
    public static ServiceArtifact ofRunningService(Clock clock) {
        return runningJar()
                .map(jar -> read(jar, clock))
                .orElseGet(() -> new ServiceArtifact(null, null, 0, null, clock.instant()));
    }

    /** Reads a jar: path, SHA-256 over its bytes, size and modification time. */
    public static ServiceArtifact read(Path jar, Clock clock) {
        Path absolute = jar.toAbsolutePath().normalize();
        try {
            // size and time first: a write during the hash then shows as a change at the next comparison
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
            String sha = sha256(absolute);
            return new ServiceArtifact(
                    absolute,
                    sha,
                    attributes.size(),
                    attributes.lastModifiedTime().toInstant(),
                    clock.instant());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service jar " + absolute, e);
        }
    }

    /** The jar of the running service, if it runs from one (not from class directories). */
    static Optional<Path> runningJar() {
        try {
            var source = new ApplicationHome(ServiceArtifact.class).getSource();
            if (source != null && source.isFile() && source.getName().endsWith(".jar")) {
                return Optional.of(source.toPath());
            }
        } catch (RuntimeException e) {
            // an unusual class loader: fall back to the class path the JVM was given
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")) {
            Path p = Path.of(classPath);
            return Files.isRegularFile(p) && isServiceJar(p) ? Optional.of(p) : Optional.empty();
        }
        return Optional.empty();
    }

    /** A Spring Boot jar of the service (not, say, a test runner's manifest-only jar). */
    private static boolean isServiceJar(Path jar) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/classes/org/qualigate/QualigateApplication.class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean fromJar() {
        return jar != null;
    }

    /**
     * How the file differs now from what was read at start: missing, another size, another modification time,
     * or modified after this JVM started (it was replaced between the start and the reading). Empty when it
     * looks the same, or when there is no jar. Only the file's attributes are compared: the hash is not
     * computed again.
     */
    public Optional<String> changedOnDisk() {
        return changedOnDisk(processStarted());
    }

    Optional<String> changedOnDisk(Instant processStarted) {
        Path path = jar;
        if (path == null) {
            return Optional.empty();
        }
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.of("the jar " + path + " is gone or unreadable ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (now.size() != size) {
            return Optional.of(
                    "the jar " + path + " changed size since start (" + size + " → " + now.size() + " bytes)");
        }
        Instant modifiedNow = now.lastModifiedTime().toInstant();
        if (!modifiedNow.equals(modified)) {
            return Optional.of(
                    "the jar " + path + " was modified since start (" + modified + " → " + modifiedNow + ")");
        }
        if (modifiedNow.isAfter(processStarted)) {
            return Optional.of("the jar " + path + " was written at " + modifiedNow + ", after this process started at "
                    + processStarted + ": it may not be the jar that was loaded");
        }
        return Optional.empty();
    }

    /**
     * The facts as shown under {@code artifact} in {@code /actuator/info}: where the service runs from and, from a jar,
     * its path, SHA-256, size, modification time and when it was hashed as read at start, and whether the file on disk
     * still looks the same now ({@link #changedOnDisk()}, or "unchanged").
     */
    public Facts facts() {
        Path path = jar;
        if (path == null) {
            return new Facts("class directories (no jar)", null, null, null, null, null, null);
        }
        return new Facts(
                "jar",
                path.toString(),
                sha256,
                size,
                String.valueOf(modified),
                readAt.toString(),
                changedOnDisk().orElse("unchanged"));
    }

    /** A running service's jar as {@code /actuator/info} shows it; run from class directories, only that. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Facts(
            String runningFrom,
            @Nullable String path,
            @Nullable String sha256,
            @Nullable Long size,
            @Nullable String modified,
            @Nullable String hashedAt,
            @Nullable String onDisk) {}

    private static Instant processStarted() {
        return Instant.ofEpochMilli(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** SHA-256 of a file, as lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of a stream read to its end, as lower-case hex. */
    public static String sha256(InputStream in) {
        try {
            MessageDigest digest = Sha256.digest();
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
