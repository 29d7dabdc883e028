package org.qualigate.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    static Map<String, Object> java(List<Check> checks) {
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        java.put("home", System.getProperty("java.home"));
        int feature = Runtime.version().feature();
        checks.add(new Check("Java 21 or newer", feature >= 21, "Java " + System.getProperty("java.version")));
        return java;
    }

    static Map<String, Object> artifacts(List<Check> checks) {
        Map<String, Object> artifacts = new LinkedHashMap<>();
        Map<String, String> libraries = new TreeMap<>();
        List<String> classpath = classpath();
        String application = null;
        for (String entry : classpath) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && entry.endsWith(".jar") && isBootJar(p)) {
                application = entry;
                artifacts.put("applicationJar", entry);
                artifacts.put("applicationJarSha256", ServiceArtifact.sha256(p));
                libraries.putAll(nestedLibraries(p));
            } else if (Files.isRegularFile(p)) {
                libraries.put(p.getFileName().toString(), ServiceArtifact.sha256(p));
            } else if (Files.isDirectory(p)) {
                artifacts.computeIfAbsent("classDirectories", k -> new ArrayList<String>());
                @SuppressWarnings("unchecked")
                List<String> dirs = (List<String>) artifacts.get("classDirectories");
                dirs.add(entry);
            }
        }
        artifacts.put("libraryCount", libraries.size());
        artifacts.put("librariesSha256", libraries);
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

    static byte @Nullable [] sbom(List<Check> checks, Map<String, Object> facts) {
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
            Map<String, Object> sbom = new LinkedHashMap<>();
            sbom.put(
                    "format",
                    bom.path("bomFormat").asString("") + " "
                            + bom.path("specVersion").asString(""));
            sbom.put("serialNumber", bom.path("serialNumber").asString(""));
            sbom.put("components", bom.path("components").size());
            sbom.put("sha256", ServiceArtifact.sha256(new java.io.ByteArrayInputStream(bytes)));
            sbom.put("librariesNotInSbom", librariesNotIn(bom, facts));
            facts.put("sbom", sbom);
            boolean ok = "CycloneDX".equals(bom.path("bomFormat").asString(""))
                    && bom.path("components").size() > 0;
            checks.add(new Check(
                    "InstallationQualification.SBOM (CycloneDX)",
                    ok,
                    bom.path("components").size() + " components in " + InstallationQualification.SBOM));
            return bytes;
        } catch (IOException | RuntimeException e) {
            checks.add(new Check("InstallationQualification.SBOM (CycloneDX)", false, "unreadable: " + e.getMessage()));
            return null;
        }
    }

    /** Installed libraries the InstallationQualification.SBOM does not name (informational: Boot adds its own jar-mode tools). */
    @SuppressWarnings("unchecked")
    private static List<String> librariesNotIn(JsonNode bom, Map<String, Object> facts) {
        TreeSet<String> named = new TreeSet<>();
        for (JsonNode c : bom.path("components")) {
            named.add(c.path("name").asString("") + "-" + c.path("version").asString("") + ".jar");
        }
        Map<String, Object> artifacts = (Map<String, Object>) facts.get("artifacts");
        Map<String, String> libraries = (Map<String, String>) artifacts.get("librariesSha256");
        return libraries.keySet().stream().filter(l -> !named.contains(l)).toList();
    }
}
