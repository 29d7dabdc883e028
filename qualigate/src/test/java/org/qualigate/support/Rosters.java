package org.qualigate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Crews for the staffing tests, as a builder: new people at a site, each certified through the HRIS webhook, rostered
 * on one line's shift every day from a date; {@link #offTheRoster()} takes everyone it rostered off again.
 *
 * <pre>{@code rosters.aCrewOf(3).at("IND", "PACK-2", "day").holding("WD-CERT-1001").lapsing("WD-CERT-3010",
 * "2026-11-24").rostered()}</pre>
 */
public final class Rosters {

    private static final String LATER = "2028-11-19";

    private final QualigateIT test;
    private final List<String> rostered = new ArrayList<>();

    public Rosters(QualigateIT test) {
        this.test = test;
    }

    /** A crew of this many new operators. */
    public Crew aCrewOf(int size) {
        return new Crew(size);
    }

    /** Takes everyone rostered by these rosters off the roster (after each test). */
    public void offTheRoster() {
        rostered.forEach(id -> test.sandbox().scheduling().unassignShift(id));
        rostered.clear();
    }

    /** A crew being described; {@link #rostered()} creates it. */
    public final class Crew {
        private final int size;
        private String site = "IND";
        private String line = "PACK-2";
        private String shift = "day";
        private LocalDate from = LocalDate.parse("2026-11-20");
        private List<String> held = List.of();
        private String lapsing = "WD-CERT-3010";
        private String firstExpires = LATER;

        private Crew(int size) {
            this.size = size;
        }

        /** Where they work: the site, the line and the shift they are rostered on. */
        public Crew at(String site, String line, String shift) {
            this.site = site;
            this.line = line;
            this.shift = shift;
            return this;
        }

        /** Certifications each of them holds until {@value #LATER}. */
        public Crew holding(String... certifications) {
            this.held = List.of(certifications);
            return this;
        }

        /** A certification each holds, the first one's expiring on {@code firstExpires}, the others' later. */
        public Crew lapsing(String certification, String firstExpires) {
            this.lapsing = certification;
            this.firstExpires = firstExpires;
            return this;
        }

        /** The first day of the roster. */
        public Crew from(LocalDate from) {
            this.from = from;
            return this;
        }

        /** Creates, certifies and rosters the crew; answers their employee ids, the one whose certificate lapses first. */
        public List<String> rostered() {
            List<String> crew = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String person = test.newPerson(site);
                crew.add(person);
                for (String certification : held) {
                    certify(person, certification, LATER);
                }
                certify(person, lapsing, i == 0 ? firstExpires : LATER);
                test.sandbox().scheduling().roster(person, site, line, "OPERATOR", shift, from, null, 1, 0);
                rostered.add(person);
            }
            return crew;
        }

        private void certify(String person, String certification, String expires) {
            assertThat(test.hook(QualigateIT.certification(person, certification)
                                    .expiring(expires)
                                    .json())
                            .statusCode())
                    .isEqualTo(202);
        }
    }
}
