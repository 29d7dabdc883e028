package org.qualigate.ui;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.text.Sentence;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The "as of" instant of a person or trace page: {@code asOf} (RFC 3339), or a day at the person's site with an
 * optional time of day there (without one: the end of that day, or now for today, as a report reads it); empty
 * for now. What the page shows is then what was known at that instant, about that instant; before Qualigate's
 * records begin the page says that nothing was known then. An instant still ahead is refused and the page shows now.
 */
@Component
class PersonAsOf {

    private final Persons persons;
    private final PlantDefinition plant;
    private final RecordsBegin recordsBegin;

    PersonAsOf(Persons persons, PlantDefinition plant, RecordsBegin recordsBegin) {
        this.persons = persons;
        this.plant = plant;
        this.recordsBegin = recordsBegin;
    }

    Optional<Instant> read(EmployeeId id, String asOf, String day, String time, Instant now, Model model) {
        String siteCode = persons.find(id).map(Person::site).orElse("");
        SiteTime site = SiteTime.of(plant.current(), siteCode);
        ZoneId zone = site.zone();
        Instant at = null;
        try {
            at = parse(asOf, day, time, site, now);
        } catch (DateTimeException e) {
            model.addAttribute("asOfError", Sentence.of("as-of.error.format"));
        }
        if (at != null && at.isAfter(now)) {
            model.addAttribute("asOfError", Sentence.of("as-of.error.ahead", siteCode, new Sentence.AtSite(now, zone)));
            at = null;
        }
        model.addAttribute("asOfZone", zone.getId());
        // known then, before the first audit entry: nothing was known (decision 0095)
        model.addAttribute(
                "asOfBeforeRecords",
                at != null && recordsBegin.before(at) ? recordsBegin.at().orElse(null) : null);
        model.addAttribute("asOf", at == null ? "" : at.toString());
        model.addAttribute("asOfText", at == null ? "" : Sentence.of("format.as-is", new Sentence.AtSite(at, zone)));
        var local = (at == null ? now : at).atZone(zone);
        model.addAttribute("asOfDay", at == null ? "" : local.toLocalDate().toString());
        model.addAttribute(
                "asOfTime",
                at == null ? "" : local.toLocalTime().withSecond(0).withNano(0).toString());
        return Optional.ofNullable(at);
    }

    private static @Nullable Instant parse(String asOf, String day, String time, SiteTime site, Instant now) {
        if (!asOf.isBlank()) {
            return OffsetDateTime.parse(asOf.trim()).toInstant();
        }
        if (!day.isBlank()) {
            return site.pointInTime(
                            LocalDate.parse(day.trim()), time.isBlank() ? null : LocalTime.parse(time.trim()), now)
                    .at();
        }
        return null;
    }
}
