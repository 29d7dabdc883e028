package org.qualigate.staffing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.qualigate.access.Notices;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.access.Suspensions;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.QualificationRecorded;
import org.qualigate.notify.MailReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Tells a line's supervisor when a rostered shift in the next two weeks falls below a staffing minimum: one e-mail
 * per shift and role, queued in the notices outbox under a key that names both (so a second check queues nothing),
 * with whose certification lapses and which training would restore it. {@code config.StaffingJob} runs the check
 * once cluster-wide: hourly, and within a minute after a qualification is recorded, a role is suspended or lifted,
 * or new rules come in force.
 * The e-mail's layout is a template ({@code templates/mail/staffing-risk*.txt}), its words the bundles'
 * ({@code mail.staffing.*}), in the supervisor's language and zone when their address is a user's.
 */
@Component
public class StaffingAlerts {

    private static final Logger log = LoggerFactory.getLogger(StaffingAlerts.class);

    private final StaffingForecasts forecasts;
    private final PlantDefinition plant;
    private final Notices notices;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration alertWithin;
    private final TemplateEngine mail;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private volatile String rulesChecked = "";

    StaffingAlerts(
            StaffingForecasts forecasts,
            PlantDefinition plant,
            Notices notices,
            TransactionTemplate tx,
            Clock clock,
            @Value("${qualigate.staffing.alert-within:P14D}") Duration alertWithin,
            MessageSource messages) {
        this.mail = mailTemplates(messages);
        this.forecasts = forecasts;
        this.plant = plant;
        this.notices = notices;
        this.tx = tx;
        this.clock = clock;
        this.alertWithin = alertWithin;
    }

    @EventListener
    void qualificationRecorded(QualificationRecorded event) {
        changed.set(true);
    }

    @EventListener
    void suspensionChanged(Suspensions.Changed event) {
        changed.set(true);
    }

    /**
     * Whether something that can change a forecast happened since the last check (a qualification recorded, a
     * suspension, rules in force), forgetting it: the caller checks now, or calls {@link #notChecked}.
     */
    public boolean takeChange() {
        return changed.getAndSet(false) || !plant.current().version().equals(rulesChecked);
    }

    /** The change taken by {@link #takeChange} was not checked after all (another instance was due later). */
    public void notChecked() {
        changed.set(true);
    }

    /** Whether a scheduling system is configured, so there are rosters to check. */
    public boolean rostersAvailable() {
        return forecasts.rostersAvailable();
    }

    /**
     * Forecasts every staffed site for the alert window and queues an e-mail for each shift and role at risk that
     * has none yet; false when a site's roster could not be read (the check is then tried again).
     */
    public boolean checkAll() {
        String version = plant.current().version();
        boolean complete = true;
        for (Site site : forecasts.staffedSites()) {
            try {
                check(site.code());
            } catch (TargetException e) {
                log.warn("staffing of {} not checked: {}", site.code(), e.getMessage());
                complete = false;
            }
        }
        if (complete) {
            rulesChecked = version;
        }
        return complete;
    }

    /** Checks one site now; answers how many e-mails were queued. */
    public int check(String siteCode) {
        Instant now = clock.instant();
        int days = (int) Math.max(1, (alertWithin.toHours() + 23) / 24);
        Forecast f = forecasts.forecast(siteCode, days);
        Plant p = plant.current();
        Site site = p.site(siteCode).orElseThrow();
        Instant horizon = now.plus(alertWithin);
        int queued = 0;
        for (Forecast.ShiftForecast shift : f.atRisk()) {
            if (!shift.start().isBefore(horizon)) {
                continue;
            }
            for (Forecast.RoleForecast role : shift.roles()) {
                if (!role.atRisk()) {
                    continue;
                }
                String key = "staffing/" + shift.key() + "/" + role.role();
                String supervisor =
                        site.line(shift.line()).map(Site.Line::supervisor).orElse(null);
                Boolean added = tx.execute(s -> notices.queue(
                        key, "STAFFING", null, supervisor == null ? List.of() : List.of(supervisor), site.zone(), r -> {
                            Context context = context(r, p, site, shift, role);
                            return new MailReader.Letter(
                                    mail.process("staffing-risk-subject", context)
                                            .strip(),
                                    mail.process("staffing-risk", context));
                        }));
                if (Boolean.TRUE.equals(added)) {
                    queued++;
                }
            }
        }
        return queued;
    }

    /** What the templates show, written for the reader: instants in their zone, in their language. */
    private static Context context(
            MailReader r, Plant p, Site site, Forecast.ShiftForecast shift, Forecast.RoleForecast role) {
        Context c = new Context(r.locale());
        c.setVariable("site", site);
        c.setVariable("line", site.line(shift.line()).orElse(new Site.Line(shift.line(), shift.line(), null)));
        c.setVariable("shift", shift);
        c.setVariable("startDay", r.day(shift.start()));
        c.setVariable("startAt", r.at(shift.start()));
        c.setVariable("endAt", r.at(shift.end()));
        c.setVariable("role", role);
        // a model for the mail's template, not an answer
        List<Map<String, Object>> people = new ArrayList<>();
        for (Forecast.Shortfall s : role.shortfalls()) {
            Map<String, Object> m = new HashMap<>();
            m.put("s", s);
            m.put("lapsesAt", r.at(s.lapsesAt()));
            m.put(
                    "missing",
                    s.missing().stream()
                            .map(x -> Map.of(
                                    "code",
                                    x.code().value(),
                                    "name",
                                    p.dictionary()
                                            .names()
                                            .getOrDefault(x.code(), x.code().value()),
                                    "level",
                                    x.minimumLevel()))
                            .toList());
            people.add(m);
        }
        c.setVariable("people", people);
        return c;
    }

    private static TemplateEngine mailTemplates(MessageSource messages) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        org.thymeleaf.spring6.SpringTemplateEngine engine = new org.thymeleaf.spring6.SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        // the words are the bundles' (mail.staffing.*), in the language of the Context's locale
        engine.setTemplateEngineMessageSource(messages);
        return engine;
    }
}
