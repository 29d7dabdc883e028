package org.qualigate.sandbox;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.ems.CleanroomReadings;
import org.qualigate.sandbox.ems.EmsProducer;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.events.EventSink;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import org.qualigate.sandbox.jira.JiraSimulator;
import org.qualigate.sandbox.maximo.MaximoSimulator;
import org.qualigate.sandbox.qms.QmsSimulator;
import org.qualigate.sandbox.qms.QualityApi;
import org.qualigate.sandbox.qms.QualityEvents;
import org.qualigate.sandbox.qms.QualityRecords;
import org.qualigate.sandbox.qms.QualityRefusal;
import org.qualigate.sandbox.quality.DemoQuality;
import org.qualigate.sandbox.quality.DemoQualitySeed;
import org.qualigate.sandbox.quality.QualityFeed;
import org.qualigate.sandbox.quality.QualityPerson;
import org.qualigate.sandbox.regulatory.RegulatoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulators of the systems quality events reach: the S/4HANA ERP ({@code /sap/opu/odata/sap}), Jira Cloud
 * ({@code /jira}), Maximo ({@code /maximo}), the regulatory reporting store ({@code /regulatory/v1}), the subscriber of
 * Qualigate's outbound CloudEvents ({@code /events/v1}) and the QMS's
 * quality records (beside its training records under {@code /qms}); the QMS's signed quality-event webhooks, the
 * demo seed and feed, and the EMS producer.
 */
public final class QualitySimulators implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QualitySimulators.class);
    private static final Set<String> TARGETS = Set.of("erp", "jira", "maximo", "regulatory", "events");

    /** Where a request goes: the target (as faults name it) and the path below the simulator's prefix. */
    record Route(String target, String relative) {}

    private final QualityOptions options;
    private final Clock clock;
    private final JsonMapper json;
    private final Supplier<URI> baseUri;
    private final DemoQuality demo;
    private final S4HanaSimulator erp;
    private final JiraSimulator jira;
    private final MaximoSimulator maximo;
    private final RegulatoryStore regulatory;
    private final EventSink eventSink;
    private final QualityRecords records;
    private final QualityApi api;
    private final QualityEvents events;
    private final WebhookSender webhooks;
    private final LinkedBlockingQueue<Map<String, Object>> outbox = new LinkedBlockingQueue<>();
    private final AtomicLong eventsSent = new AtomicLong();
    private final @Nullable QualityFeed feed;
    private boolean firstRecallOpened;
    private @Nullable EmsProducer ems;
    private @Nullable Thread sender;

    QualitySimulators(
            SandboxOptions sandbox,
            QualityOptions options,
            Clock clock,
            JsonMapper json,
            SideEffects log,
            Supplier<URI> baseUri,
            QmsSimulator qms,
            HrisDirectory hris,
            DemoPlant plant) {
        this.options = options;
        this.clock = clock;
        this.json = json;
        this.baseUri = baseUri;
        this.demo = DemoQuality.load();
        this.erp = new S4HanaSimulator(clock, json, (op, r, d) -> log.record("erp", op, r, d), baseUri);
        this.jira = new JiraSimulator(
                clock, json, (op, r, d) -> log.record("jira", op, r, d), () -> baseUri.get() + JiraSimulator.PATH);
        this.maximo = new MaximoSimulator(clock, json, (op, r, d) -> log.record("maximo", op, r, d), baseUri);
        this.regulatory = new RegulatoryStore(clock, json, (op, r, d) -> log.record("regulatory", op, r, d));
        this.eventSink = new EventSink(json, (op, r, d) -> log.record("events", op, r, d));
        this.records = new QualityRecords(clock, json);
        this.api = new QualityApi(records, json, qms::acceptsToken, (op, r, d) -> log.record("qms", op, r, d));
        this.events = new QualityEvents(records, options.ncSchemaVersion());
        this.webhooks = new WebhookSender(
                sandbox.withWebhookSource(options.webhookSource())
                        .withWebhookSecret(options.webhookSecret())
                        .withBackfill(false)
                        .withTrickleEventsPerSecond(0),
                clock,
                json,
                hris,
                null);
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        plant.sites().forEach(s -> zones.put(s.code(), ZoneId.of(s.zone())));
        DemoQualitySeed seed = new DemoQualitySeed(demo, zones, json, sandbox.seed());
        if (sandbox.demoData()) {
            List<QualityPerson> people = people(hris.workers());
            seed.seed(erp, records, maximo, people, clock.instant());
            this.feed = new QualityFeed(demo, seed, erp, records, maximo, people, clock, json);
        } else {
            this.feed = null;
        }
        records.listener((object, before, after) ->
                events.of(object, before, after, clock.instant()).ifPresent(outbox::add));
    }

    public S4HanaSimulator erp() {
        return erp;
    }

    public JiraSimulator jira() {
        return jira;
    }

    public MaximoSimulator maximo() {
        return maximo;
    }

    public RegulatoryStore regulatory() {
        return regulatory;
    }

    /** The subscriber of Qualigate's outbound CloudEvents. */
    public EventSink eventSink() {
        return eventSink;
    }

    /** The QMS's quality records (non-conformances, CAPAs, recalls, equipment). */
    public QualityRecords records() {
        return records;
    }

    /** The Salesforce REST API over the quality records (paging, request limit). */
    public QualityApi api() {
        return api;
    }

    public DemoQuality demo() {
        return demo;
    }

    /** The demo feed, present with demo data. */
    public Optional<QualityFeed> feed() {
        return Optional.ofNullable(feed);
    }

    /** The sender of the QMS's quality events, to Qualigate's {@code /api/v1/hooks/{source}}. */
    public WebhookSender webhooks() {
        return webhooks;
    }

    /** Quality events waiting to be sent (they queue until {@link #start()}). */
    public int pendingEvents() {
        return outbox.size();
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    public URI erpBaseUri() {
        return URI.create(baseUri.get() + S4HanaSimulator.PATH);
    }

    public URI jiraBaseUri() {
        return URI.create(baseUri.get() + JiraSimulator.PATH);
    }

    public URI maximoBaseUri() {
        return URI.create(baseUri.get() + MaximoSimulator.PATH);
    }

    public URI regulatoryBaseUri() {
        return URI.create(baseUri.get() + RegulatoryStore.PATH);
    }

    /** Where the outbound CloudEvents are posted: {@code …/events/v1/cloudevents}. */
    public URI eventSinkUri() {
        return URI.create(baseUri.get() + EventSink.PATH + "/cloudevents");
    }

    /** Starts sending the queued and future quality events (in order, one at a time), the feed and the EMS producer. */
    public synchronized void start() {
        if (sender == null) {
            sender = Thread.ofVirtual().name("quality-events").start(this::send);
        }
        if (feed != null && options.feedIntervalSeconds() > 0 && !firstRecallOpened) {
            // one recall from the start, so the demo shows a recall's saga without waiting for the feed to draw one
            firstRecallOpened = true;
            try {
                feed.recall();
            } catch (QualityRefusal e) {
                log.warn("the demo recall was refused: {}", e.getMessage());
            }
        }
        if (feed != null) {
            feed.start(options.feedIntervalSeconds());
        }
        String bootstrap = options.emsBootstrapServers();
        if (bootstrap != null && ems == null) {
            EmsProducer producer = new EmsProducer(
                    bootstrap,
                    options.emsTopic(),
                    new CleanroomReadings(demo.rooms(), clock, new Random(), options.emsExcursionShare()),
                    json);
            producer.ensureTopic(options.emsPartitions());
            producer.start(options.emsReadingsPerSecond());
            ems = producer;
        }
    }

    @Override
    public synchronized void close() {
        if (feed != null) {
            feed.close();
        }
        if (sender != null) {
            sender.interrupt();
            sender = null;
        }
        if (ems != null) {
            ems.close();
            ems = null;
        }
    }

    private void send() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Map<String, Object> event = outbox.take();
                // The sender logs refusals and failures itself (the first few), so a missing source is not a flood.
                SendResult result = webhooks.deliver(event);
                eventsSent.incrementAndGet();
                log.debug("quality event {} {} -> {}", event.get("type"), event.get("recordName"), result.status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Routing, for the sandbox's HTTP server

    Optional<Route> route(String path) {
        for (String[] prefix : new String[][] {
            {S4HanaSimulator.PATH, "erp"},
            {JiraSimulator.PATH, "jira"},
            {MaximoSimulator.PATH, "maximo"},
            {RegulatoryStore.PATH, "regulatory"},
            {EventSink.PATH, "events"}
        }) {
            if (path.equals(prefix[0]) || path.startsWith(prefix[0] + "/")) {
                return Optional.of(new Route(prefix[1], path.substring(prefix[0].length())));
            }
        }
        return Optional.empty();
    }

    static boolean owns(String target) {
        return TARGETS.contains(target);
    }

    static String resource(String target, String relative) {
        return switch (target) {
            case "erp" -> S4HanaSimulator.resource(relative);
            case "jira" -> JiraSimulator.resource(relative);
            case "maximo" -> MaximoSimulator.resource(relative);
            case "events" -> EventSink.resource(relative);
            default -> RegulatoryStore.resource(relative);
        };
    }

    HttpReply answer(String target, HttpCall call, String relative) {
        Request request = request(call, relative);
        return reply(
                switch (target) {
                    case "erp" -> erp.handle(request);
                    case "jira" -> jira.handle(request);
                    case "maximo" -> maximo.handle(request);
                    case "events" -> eventSink.handle(request);
                    default -> regulatory.handle(request);
                });
    }

    /** Whether a QMS request is for the quality records rather than the training module. */
    boolean handlesQms(HttpCall call, String relative) {
        return QualityApi.handles(request(call, relative));
    }

    HttpReply answerQms(HttpCall call, String relative) {
        return reply(api.handle(request(call, relative)));
    }

    HttpReply faultError(String target, String relative, int status, String detail) {
        return reply(
                switch (target) {
                    case "erp" -> erp.faultError(relative, status, detail);
                    case "jira" -> jira.faultError(status, detail);
                    case "maximo" -> maximo.faultError(status, detail);
                    case "events" -> eventSink.faultError(status, detail);
                    default -> regulatory.faultError(status, detail);
                });
    }

    private static Request request(HttpCall call, String relative) {
        return new Request(call.method(), relative, call.query(), call::header, call.body());
    }

    private static HttpReply reply(Reply reply) {
        return new HttpReply(reply.status(), new LinkedHashMap<>(reply.headers()), reply.body());
    }

    /** CAPA owners (QA reviewers and leads, a few per site) and their supervisors, who receive escalations. */
    private static List<QualityPerson> people(List<Worker> workers) {
        Map<String, Worker> byId = new LinkedHashMap<>();
        workers.forEach(w -> byId.put(w.employeeId(), w));
        List<QualityPerson> people = new ArrayList<>();
        Map<String, Integer> perSite = new LinkedHashMap<>();
        for (Worker w : workers) {
            String title = w.jobTitle() == null ? "" : w.jobTitle();
            boolean owner = (title.contains("QA") || title.contains("Lead"))
                    && w.status().equals(Worker.ACTIVE);
            if (!owner || perSite.merge(w.site(), 1, Integer::sum) > 6) {
                continue;
            }
            Worker manager = w.supervisorId() == null ? null : byId.get(w.supervisorId());
            if (manager != null && people.stream().noneMatch(p -> p.employeeId().equals(manager.employeeId()))) {
                people.add(new QualityPerson(
                        manager.employeeId(), manager.displayName(), manager.email(), manager.site(), null));
            }
            people.add(new QualityPerson(
                    w.employeeId(),
                    w.displayName(),
                    w.email(),
                    w.site(),
                    manager == null ? null : manager.employeeId()));
        }
        return people;
    }
}
