package org.qualigate.sandbox;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Generates the demo workforce of {@link DemoPlant} from a seed: workers with supervisors and job titles, and the
 * HRIS certification records their roles call for, with expiry dates spread as the plant's {@code workforce} section
 * describes. The same seed and date give the same workforce.
 */
final class DemoWorkforce {

    static final String EMAIL_DOMAIN = "pharma.example";

    /** What the generator decided about a worker, which the trickle reuses to pick plausible events. */
    record Profile(
            String employeeId,
            String site,
            String category,
            @Nullable String role,
            List<DemoPlant.Requirement> held) {}

    record Result(List<Worker> workers, List<CertificationRecord> records, Map<String, Profile> profiles) {}

    // Shares of HRIS records that are already expired, and that were never completed at all.
    private static final double EXPIRED = 0.04;
    private static final double MISSING = 0.02;

    private static final Map<String, List<String>> GIVEN_NAMES = Map.of(
            "BSL",
                    List.of(
                            "Lukas", "Anna", "Marco", "Sara", "Thomas", "Laura", "Nicolas", "Julia", "Stefan", "Elena",
                            "Daniel", "Chiara", "Patrick", "Nina", "Reto", "Sophie", "Fabian", "Lea", "Matteo", "Carla",
                            "Jonas", "Mia", "Luca", "Selina", "Andreas", "Noemi"),
            "IND",
                    List.of(
                            "James",
                            "Mary",
                            "Robert",
                            "Patricia",
                            "Michael",
                            "Jennifer",
                            "David",
                            "Linda",
                            "William",
                            "Elizabeth",
                            "Jose",
                            "Maria",
                            "Kevin",
                            "Ashley",
                            "Brian",
                            "Jessica",
                            "DeShawn",
                            "Aisha",
                            "Tyler",
                            "Megan",
                            "Luis",
                            "Priya"),
            "SGP",
                    List.of(
                            "Wei Ling",
                            "Jun Jie",
                            "Hui Min",
                            "Kumar",
                            "Siti",
                            "Muhammad",
                            "Mei Ling",
                            "Arjun",
                            "Nurul",
                            "Jia Hui",
                            "Rajesh",
                            "Farah",
                            "Zhi Hao",
                            "Li Na",
                            "Hafiz",
                            "Kavitha"));

    private static final Map<String, List<String>> FAMILY_NAMES = Map.of(
            "BSL",
                    List.of(
                            "Müller",
                            "Meier",
                            "Schmid",
                            "Keller",
                            "Weber",
                            "Huber",
                            "Schneider",
                            "Meyer",
                            "Steiner",
                            "Fischer",
                            "Gerber",
                            "Brunner",
                            "Baumann",
                            "Frei",
                            "Zimmermann",
                            "Moser",
                            "Rossi",
                            "Bianchi",
                            "Favre",
                            "Bernasconi",
                            "Rochat",
                            "Marti"),
            "IND",
                    List.of(
                            "Smith",
                            "Johnson",
                            "Williams",
                            "Brown",
                            "Jones",
                            "Garcia",
                            "Miller",
                            "Davis",
                            "Rodriguez",
                            "Martinez",
                            "Wilson",
                            "Anderson",
                            "Taylor",
                            "Thomas",
                            "Moore",
                            "Jackson",
                            "Patel",
                            "Nguyen",
                            "Kim",
                            "Hughes"),
            "SGP",
                    List.of(
                            "Tan",
                            "Lim",
                            "Lee",
                            "Ng",
                            "Wong",
                            "Goh",
                            "Chua",
                            "Chan",
                            "Ong",
                            "Koh",
                            "Teo",
                            "Rahman",
                            "Abdullah",
                            "Nair",
                            "Pillai",
                            "Singh"));

    private static final List<String> OTHER_TITLES =
            List.of("Warehouse Associate", "Maintenance Planner", "Production Scheduler", "EHS Specialist");

    private final DemoPlant plant;
    private final Random random;
    private final LocalDate today;
    private final Instant now;
    private final Set<String> emails = new HashSet<>();
    private int nextEmployee = 10_001;
    private int nextRecord = 100_001;

    private DemoWorkforce(DemoPlant plant, long seed, Instant now) {
        this.plant = plant;
        this.random = new Random(seed);
        this.now = now;
        this.today = LocalDate.ofInstant(now, ZoneId.of("UTC"));
    }

    static Result generate(DemoPlant plant, long seed, Instant now) {
        return new DemoWorkforce(plant, seed, now).generate();
    }

    private Result generate() {
        List<Worker> workers = new ArrayList<>();
        List<CertificationRecord> records = new ArrayList<>();
        Map<String, Profile> profiles = new java.util.LinkedHashMap<>();
        for (DemoPlant.Site site : plant.sites()) {
            List<String> categories = categories(site.people());
            List<String> trainers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                trainers.add("TC-" + String.format(Locale.ROOT, "%04d", 1 + random.nextInt(9_999)));
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                ids.add("E" + nextEmployee);
                nextEmployee += 1 + random.nextInt(3);
            }
            String head = ids.get(categories.indexOf("other"));
            List<String> leads = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (categories.get(i).equals("lead")) {
                    leads.add(ids.get(i));
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                String category = categories.get(i);
                boolean isHead = id.equals(head);
                String supervisor =
                        isHead ? null : category.equals("lead") ? head : leads.get(random.nextInt(leads.size()));
                Assignment assignment =
                        isHead ? new Assignment(null, basics(), "Head of Production") : assign(site, category);
                String given = pick(GIVEN_NAMES.get(site.code()));
                String family = pick(FAMILY_NAMES.get(site.code()));
                workers.add(new Worker(
                        id,
                        given,
                        family,
                        email(given, family),
                        site.code(),
                        supervisor,
                        Worker.ACTIVE,
                        today.minusDays(30 + random.nextInt(15 * 365)),
                        assignment.title));
                profiles.put(id, new Profile(id, site.code(), category, assignment.role, assignment.held));
                for (DemoPlant.Requirement held : assignment.held) {
                    if (random.nextDouble() < MISSING) {
                        continue;
                    }
                    records.add(record(id, site, held, pick(trainers)));
                }
            }
        }
        return new Result(List.copyOf(workers), List.copyOf(records), Collections.unmodifiableMap(profiles));
    }

    /** The categories of a site's people in the plant's role mix, shuffled; at least one lead and one other. */
    private List<String> categories(int people) {
        List<String> categories = new ArrayList<>();
        int assigned = 0;
        for (Map.Entry<String, Double> e : plant.roleMix().entrySet()) {
            if (e.getKey().equals("operator")) {
                continue;
            }
            int n = Math.max(1, (int) Math.round(people * e.getValue()));
            for (int i = 0; i < n && assigned < people; i++, assigned++) {
                categories.add(e.getKey());
            }
        }
        while (assigned++ < people) {
            categories.add("operator");
        }
        Collections.shuffle(categories, random);
        return categories;
    }

    private record Assignment(@Nullable String role, List<DemoPlant.Requirement> held, String title) {}

    private Assignment assign(DemoPlant.Site site, String category) {
        List<DemoPlant.Role> roles = plant.rolesAt(site.code());
        List<DemoPlant.Role> operatorRoles =
                roles.stream().filter(r -> r.name().endsWith(".OPERATOR")).toList();
        switch (category) {
            case "qa" -> {
                DemoPlant.Role role = roles.stream()
                        .filter(r -> r.name().endsWith(".QA.BATCH_REVIEWER"))
                        .findFirst()
                        .orElseThrow();
                return new Assignment(role.name(), hris(role.sets().get(0), 0), "QA Batch Record Reviewer");
            }
            case "lead", "technician" -> {
                String suffix = category.equals("lead") ? ".LEAD" : ".SETUP_TECH";
                var dedicated =
                        roles.stream().filter(r -> r.name().endsWith(suffix)).findFirst();
                if (dedicated.isPresent()) {
                    DemoPlant.Role role = dedicated.get();
                    List<DemoPlant.Requirement> set =
                            role.sets().get(random.nextInt(role.sets().size()));
                    return new Assignment(
                            role.name(),
                            hris(set, 0),
                            category.equals("lead") ? "Filling Line Lead" : "Filling Setup Technician");
                }
                // Sites without a dedicated role: an experienced operator holding higher levels.
                DemoPlant.Role role = pick(operatorRoles);
                List<DemoPlant.Requirement> set =
                        role.sets().get(random.nextInt(role.sets().size()));
                return new Assignment(
                        role.name(),
                        hris(set, category.equals("lead") ? 1 : 2),
                        category.equals("lead") ? "Production Shift Lead" : "Process Technician");
            }
            case "operator" -> {
                DemoPlant.Role role = pickOperatorRole(operatorRoles);
                int setIndex = random.nextInt(role.sets().size());
                List<DemoPlant.Requirement> set = role.sets().get(setIndex);
                return new Assignment(role.name(), hris(set, 0), operatorTitle(role.name(), set));
            }
            default -> {
                return new Assignment(null, basics(), pick(OTHER_TITLES));
            }
        }
    }

    /** Filling is the biggest team in Basel; elsewhere operators spread evenly over the lines. */
    private DemoPlant.Role pickOperatorRole(List<DemoPlant.Role> operatorRoles) {
        if (operatorRoles.size() == 3 && operatorRoles.get(0).name().contains("FILL")) {
            double r = random.nextDouble();
            return operatorRoles.get(r < 0.5 ? 0 : r < 0.7 ? 1 : 2);
        }
        return pick(operatorRoles);
    }

    private static String operatorTitle(String role, List<DemoPlant.Requirement> set) {
        if (role.contains(".FILL-")) {
            return "Aseptic Filling Operator";
        }
        if (role.contains(".LYO-")) {
            return "Lyophilisation Operator";
        }
        if (role.contains(".PACK-")) {
            return "Packaging Operator";
        }
        if (role.contains(".OSD-")) {
            return set.stream().anyMatch(r -> r.code().equals("GRAN-OP"))
                    ? "Granulation Operator"
                    : "Compression Operator";
        }
        if (role.contains(".API-")) {
            return "Chemical Process Operator";
        }
        return "Production Operator";
    }

    private List<DemoPlant.Requirement> basics() {
        return hris(List.of(new DemoPlant.Requirement("GMP-BASIC", 1), new DemoPlant.Requirement("GDP-DOC", 1)), 0);
    }

    /** The HRIS-owned part of a requirement set, levels raised by {@code extraLevels} up to each maximum. */
    private List<DemoPlant.Requirement> hris(List<DemoPlant.Requirement> set, int extraLevels) {
        List<DemoPlant.Requirement> held = new ArrayList<>();
        for (DemoPlant.Requirement requirement : set) {
            plant.qualification(requirement.code())
                    .filter(DemoPlant.Qualification::hris)
                    .ifPresent(q -> held.add(new DemoPlant.Requirement(
                            q.code(), Math.min(q.levels(), requirement.minLevel() + extraLevels))));
        }
        return List.copyOf(held);
    }

    private CertificationRecord record(
            String employeeId, DemoPlant.Site site, DemoPlant.Requirement held, String trainer) {
        DemoPlant.Qualification q = plant.qualification(held.code()).orElseThrow();
        int months = q.validityMonths() == null ? 24 : q.validityMonths();
        double r = random.nextDouble();
        LocalDate expiresOn;
        if (r < plant.expiringWithin30Days()) {
            expiresOn = today.plusDays(random.nextInt(30));
        } else if (r < plant.expiringWithin30Days() + EXPIRED) {
            expiresOn = today.minusDays(1 + random.nextInt(120));
        } else {
            long span = today.plusMonths(months).toEpochDay() - today.toEpochDay() - 31 - 2;
            expiresOn = today.plusDays(31 + (long) (random.nextDouble() * span));
        }
        LocalDate completedOn = expiresOn.minusMonths(months);
        ZoneId zone = ZoneId.of(site.zone());
        Instant approvedAt = ZonedDateTime.of(
                        completedOn.plusDays(random.nextInt(2)),
                        LocalTime.of(8 + random.nextInt(9), random.nextInt(60)),
                        zone)
                .toInstant();
        if (approvedAt.isAfter(now)) {
            approvedAt = now.minusSeconds(3_600);
        }
        int version = random.nextDouble() < 0.1 ? 2 : 1;
        return new CertificationRecord(
                "TR-" + nextRecord++,
                employeeId,
                q.workday(),
                q.name(),
                held.minLevel(),
                completedOn,
                q.validityMonths() == null ? null : expiresOn.toString(),
                trainer,
                approvedAt,
                version,
                false);
    }

    private String email(String given, String family) {
        String base = ascii(given) + "." + ascii(family);
        String candidate = base;
        for (int n = 2; !emails.add(candidate); n++) {
            candidate = base + n;
        }
        return candidate + "@" + EMAIL_DOMAIN;
    }

    private static String ascii(String name) {
        String stripped = Normalizer.normalize(
                        name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae"), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return stripped.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
