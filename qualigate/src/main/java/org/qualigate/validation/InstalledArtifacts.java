package org.qualigate.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;
import org.qualigate.validation.InstallationQualification.Check;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** What is installed: the Java runtime, the application jar and every library with its SHA-256, and the SBOM. */
final class InstalledArtifacts {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private InstalledArtifacts() {}

    /** The Java runtime the IQ runs on: its version, vendor, virtual machine and home. */
    record Java(
            @Nullable String version,
            @Nullable String vendor,
            String vm,
            @Nullable String home) {}

    /**
     * The application jar (only when run from the packaged jar) with its SHA-256, the class directories (only when run
     * from them), and every library with its SHA-256 by file name.
     */
    record Artifacts(
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String applicationJar,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String applicationJarSha256,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            List<String> classDirectories,

            int libraryCount,
            Map<String, String> librariesSha256) {}

    /** The SBOM packed in the installation: its format, serial number, components, SHA-256 and what it leaves out. */
    record Sbom(String format, String serialNumber, int components, String sha256, List<String> librariesNotInSbom) {}

    /** The SBOM's bytes, written beside the report, and its facts. */
    record ReadSbom(byte[] bytes, Sbom facts) {}

    static Java java(List<Check> checks) {
        Java java = new Java(
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("java.home"));
        int feature = Runtime.version().feature();
        checks.add(new Check("Java 21 or newer", feature >= 21, "Java " + System.getProperty("java.version")));
        return java;
    }

    static Artifacts artifacts(List<Check> checks) {
        Map<String, String> libraries = new TreeMap<>();
        List<String> directories = new ArrayList<>();
        String application = null;
        String applicationSha = null;
        for (String entry : classpath()) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && entry.endsWith(".jar") && isBootJar(p)) {
                application = entry;
                applicationSha = ServiceArtifact.sha256(p);
                libraries.putAll(nestedLibraries(p));
            } else if (Files.isRegularFile(p)) {
                libraries.put(p.getFileName().toString(), ServiceArtifact.sha256(p));
            } else if (Files.isDirectory(p)) {
                directories.add(entry);
            }
        }
        Artifacts artifacts = new Artifacts(
                application, applicationSha, directories.isEmpty() ? null : directories, libraries.size(), libraries);
        checks.add(new Check(
                "artifact hashes",
                !libraries.isEmpty(),
                (application == null ? "not run from the packaged jar; " : "jar " + application + "; ")
                        + libraries.size() + " libraries hashed (SHA-256)"));
        return artifacts;
    }

    private static List<String> classpath() {
        // Under Surefire/Failsafe the JVM's class path is a manifest-only jar; the real one is given here.
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path", ""));
        List<String> entries = new ArrayList<>();
        for (String e : path.split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static boolean isBootJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/classes/") != null || zip.getEntry("BOOT-INF/lib/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> nestedLibraries(Path jar) {
        Map<String, String> libraries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().startsWith("BOOT-INF/lib/") && e.getName().endsWith(".jar")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        libraries.put(e.getName().substring("BOOT-INF/lib/".length()), ServiceArtifact.sha256(in));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return libraries;
    }

    static @Nullable ReadSbom sbom(List<Check> checks, Artifacts artifacts) {
        try (InputStream in =
                InstalledArtifacts.class.getClassLoader().getResourceAsStream(InstallationQualification.SBOM)) {
            if (in == null) {
                checks.add(new Check(
                        "InstallationQualification.SBOM (CycloneDX)",
                        false,
                        InstallationQualification.SBOM + " is not in the installation"));
                return null;
            }
            byte[] bytes = in.readAllBytes();
            JsonNode bom = JSON.readTree(bytes);
            Sbom sbom = new Sbom(
                    bom.path("bomFormat").asString("") + " "
                            + bom.path("specVersion").asString(""),
                    bom.path("serialNumber").asString(""),
                    bom.path("components").size(),
                    ServiceArtifact.sha256(new java.io.ByteArrayInputStream(bytes)),
                    librariesNotIn(bom, artifacts));
            boolean ok = "CycloneDX".equals(bom.path("bomFormat").asString(""))
                    && bom.path("components").size() > 0;
            checks.add(new Check(
                    "InstallationQualification.SBOM (CycloneDX)",
                    ok,
                    bom.path("components").size() + " components in " + InstallationQualification.SBOM));
            return new ReadSbom(bytes, sbom);
        } catch (IOException | RuntimeException e) {
            checks.add(new Check("InstallationQualification.SBOM (CycloneDX)", false, "unreadable: " + e.getMessage()));
            return null;
        }
    }

    /** Installed libraries the InstallationQualification.SBOM does not name (informational: Boot adds its own jar-mode tools). */
    private static List<String> librariesNotIn(JsonNode bom, Artifacts artifacts) {
        TreeSet<String> named = new TreeSet<>();
        for (JsonNode c : bom.path("components")) {
            named.add(c.path("name").asString("") + "-" + c.path("version").asString("") + ".jar");
        }
        return artifacts.librariesSha256().keySet().stream()
                .filter(l -> !named.contains(l))
                .toList();
    }
}
