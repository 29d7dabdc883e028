package org.qualigate.sandbox.quality;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.sandbox.ems.Room;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The quality content of {@code demo-quality.yaml}: ERP plants, materials and batch patterns, the measuring
 * equipment, the cleanrooms with their limits, non-conformance examples and CAPA durations.
 */
public record DemoQuality(
        List<Plant> plants,
        List<Material> materials,
        int batchesPerMaterial,
        List<Equipment> equipment,
        List<Room> rooms,
        List<String> nonconformanceExamples,
        Map<String, Integer> capaDays,
        double overdueShare,
        int conflictOneIn) {

    /** An ERP plant of a site and its storage locations (code and name). */
    public record Plant(String site, String plant, Map<String, String> storageLocations) {}

    /** A material, its base unit and the pattern of its batch numbers ({@code #} a digit). */
    public record Material(String material, String site, String name, String unit, String batchPattern) {}

    /** An instrument of the maintenance system and how often it is calibrated. */
    public record Equipment(String asset, String site, String line, String type, int calibrationEveryDays) {}

    public static DemoQuality load() {
        try (InputStream in = DemoQuality.class.getResourceAsStream("/demo-quality.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo-quality.yaml is missing from the classpath");
            }
            return parse(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DemoQuality parse(JsonNode root) {
        JsonNode erp = root.path("erp");
        List<Plant> plants = new ArrayList<>();
        for (JsonNode p : erp.path("plants").values()) {
            Map<String, String> locations = new LinkedHashMap<>();
            for (JsonNode l : p.path("storageLocations").values()) {
                String text = l.asString();
                int space = text.indexOf(' ');
                locations.put(
                        space < 0 ? text : text.substring(0, space), space < 0 ? text : text.substring(space + 1));
            }
            plants.add(new Plant(p.path("site").asString(), p.path("plant").asString(), locations));
        }
        List<Material> materials = new ArrayList<>();
        for (JsonNode m : erp.path("materials").values()) {
            materials.add(new Material(
                    m.path("material").asString(),
                    m.path("site").asString(),
                    m.path("name").asString(),
                    m.path("unit").asString(),
                    m.path("batchPattern").asString()));
        }
        List<Equipment> equipment = new ArrayList<>();
        for (JsonNode a : root.path("equipment").path("assets").values()) {
            equipment.add(new Equipment(
                    a.path("asset").asString(),
                    a.path("site").asString(),
                    a.path("line").asString(),
                    a.path("type").asString(),
                    a.path("calibrationEveryDays").asInt(365)));
        }
        List<String> examples = new ArrayList<>();
        root.path("nonConformances").path("examples").values().forEach(e -> examples.add(e.asString()));
        Map<String, Integer> capaDays = new LinkedHashMap<>();
        root.path("capas")
                .path("typicalDurationDays")
                .properties()
                .forEach(e -> capaDays.put(e.getKey(), e.getValue().asInt()));
        String conflicts = root.path("equipment").path("conflictsToSeed").asString("1 in 15");
        java.util.regex.Matcher oneIn =
                java.util.regex.Pattern.compile("1 in (\\d+)").matcher(conflicts);
        return new DemoQuality(
                List.copyOf(plants),
                List.copyOf(materials),
                erp.path("batchesPerMaterial").asInt(40),
                List.copyOf(equipment),
                rooms(root.path("cleanrooms")),
                List.copyOf(examples),
                capaDays,
                root.path("capas").path("overdueShareAtDemoStart").asDouble(0.12),
                oneIn.find() ? Integer.parseInt(oneIn.group(1)) : 15);
    }

    /**
     * The rooms with their in-operation limits; a grade without in-operation limits (D) is held to its at-rest
     * ones, and a grade without a 5.0 µm limit has none.
     */
    private static List<Room> rooms(JsonNode cleanrooms) {
        List<Room> rooms = new ArrayList<>();
        for (JsonNode r : cleanrooms.path("rooms").values()) {
            String grade = r.path("grade").asString();
            JsonNode limits = cleanrooms.path("limits").path(grade);
            JsonNode operating = limits.has("inOperation") ? limits.path("inOperation") : limits.path("atRest");
            rooms.add(new Room(
                    r.path("room").asString(),
                    r.path("site").asString(),
                    grade,
                    r.path("sensors").asInt(1),
                    operating.path("p05").asLong(),
                    operating.has("p50") ? operating.path("p50").asLong() : null));
        }
        return List.copyOf(rooms);
    }

    public Optional<Plant> plant(String site) {
        return plants.stream().filter(p -> p.site().equals(site)).findFirst();
    }

    /** Where a material's batches are kept: finished goods for units, else bulk, API or raw materials. */
    public String storageLocation(Material material) {
        Plant plant = plant(material.site()).orElseThrow();
        List<String> preferred = material.unit().equals("EA") ? List.of("Finished") : List.of("Bulk", "API", "Raw");
        for (String word : preferred) {
            for (Map.Entry<String, String> e : plant.storageLocations().entrySet()) {
                if (e.getValue().contains(word)) {
                    return e.getKey();
                }
            }
        }
        return plant.storageLocations().keySet().iterator().next();
    }

    /** The n-th batch number of the material ({@code BSL25K####}, n = 401 → {@code BSL25K0401}). */
    public static String batch(Material material, int n) {
        int digits = (int) material.batchPattern().chars().filter(c -> c == '#').count();
        String number = String.format("%0" + digits + "d", n);
        return material.batchPattern().replace("#".repeat(digits), number);
    }
}
