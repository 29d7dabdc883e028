package org.qualigate.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.qualigate.sandbox.successfactors.SuccessFactorsSimulator;
import org.qualigate.sandbox.workday.WorkdayReply;
import org.qualigate.sandbox.workday.WorkdayTenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vendor simulators on one HTTP port: SCIM 2.0 under {@code /scim/v2}, the HRIS under {@code /hris/v1}, the
 * FactoryTalk-style scheduling API (shifts, rosters, work orders) under {@code /factorytalk/v1}, SAP
 * SuccessFactors (OData v2 {@code /odata/v2}, Learning {@code /learning/odatav4/…}), the TrackWise-style QMS
 * (Salesforce REST) under {@code /qms}, an OpenID Connect provider under {@code /oidc}, fault and side-effect control under {@code /sandbox}. Start it
 * in-process from tests or as its own process
 * ({@link SandboxMain}).
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    /** How long TIMEOUT and COMMIT_THEN_TIMEOUT hold a connection when the fault gives no delay. */
    static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);

    private final SandboxOptions options;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUri;
    private final ScimServer scim;
    private final HrisDirectory hris;
    private final Scheduling scheduling;
    private final SuccessFactorsSimulator successFactors;
    private final org.qualigate.sandbox.qms.QmsSimulator qms;
    private final Faults faults;
    private final SideEffects sideEffects;
    private final WebhookSender webhooks;
    private final QualitySimulators quality;
    private final WorkdayTenant workday;
    private final SandboxControl control;
    private final OidcProvider oidc;
    private final ScimTokenEndpoint scimTokens;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Sandbox(SandboxOptions options, QualityOptions qualityOptions, Clock clock) throws IOException {
        this.options = options;
        JsonMapper json = JsonMapper.builder().build();
        this.sideEffects = new SideEffects(clock);
        this.faults = new Faults(new Random());
        this.hris = new HrisDirectory(json);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 256);
        this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        URI scimBase = URI.create(baseUri + "/scim/v2");
        this.scim = new ScimServer(
                clock,
                sideEffects,
                json,
                new Random(options.seed() ^ 0x5C1A_2026L),
                options.scimBearerToken(),
                () -> scimBase);
        DemoPlant plant = DemoPlant.load();
        this.qms = new org.qualigate.sandbox.qms.QmsSimulator(
                clock,
                json,
                (op, resource, detail) -> sideEffects.record("qms", op, resource, detail),
                this::qmsBaseUri);
        plant.qualifications().forEach(q -> {
            if (q.qms() != null) {
                qms.addCourse(q.qms());
            }
        });
        this.scheduling = new Scheduling(json, plant, clock, options.scimBearerToken());
        if (options.demoData()) {
            DemoWorkforce.Result generated = DemoWorkforce.generate(plant, options.seed(), clock.instant());
            List<DemoQmsRecords.Owned> qmsRecords =
                    DemoQmsRecords.plan(plant, generated, options.seed(), clock.instant());
            // line crews from people qualified for the coming weeks, and two PACK-3 certificates about to run out
            DemoRoster.Result crews = DemoRoster.plan(plant, generated, qmsRecords, clock.instant());
            DemoWorkforce.Result workforce =
                    new DemoWorkforce.Result(generated.workers(), crews.records(), generated.profiles());
            hris.load(workforce);
            scheduling.rosterDemo(workforce.workers(), crews.crews(), options.seed());
            scim.seed(workforce.workers().stream().map(w -> scimUser(json, w)).toList(), plant.groupNames());
            DemoQmsRecords.seed(qms, workforce, qmsRecords);
        }
        this.successFactors = new SuccessFactorsSimulator(json, hris, () -> baseUri);
        this.webhooks = new WebhookSender(options, clock, json, hris, plant);
        this.quality = new QualitySimulators(
                options, qualityOptions, clock, json, sideEffects, () -> baseUri, qms, hris, plant);
        this.workday = new WorkdayTenant(hris, clock, json, options.qualigateUri());
        this.control = new SandboxControl(json, faults, sideEffects, scim, hris);
        this.oidc = new OidcProvider(() -> baseUri, json);
        this.scimTokens = new ScimTokenEndpoint(json, scim);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Starts the simulators on 127.0.0.1 at the options' port (0 picks a free one), with the system UTC clock. */
    public static Sandbox start(SandboxOptions options) {
        return start(options, Clock.systemUTC());
    }

    /** Starts the simulators with the given clock (demo data dates and resource timestamps come from it). */
    public static Sandbox start(SandboxOptions options, Clock clock) {
        return start(options, QualityOptions.defaults(), clock);
    }

    /** Starts the simulators, the quality ones as the quality options say, with the given clock. */
    public static Sandbox start(SandboxOptions options, QualityOptions qualityOptions, Clock clock) {
        try {
            Sandbox sandbox = new Sandbox(options, qualityOptions, clock);
            log.info(
                    "sandbox listening on {} (SCIM {} users, {} groups; HRIS {} workers, {} certification records)",
                    sandbox.baseUri,
                    sandbox.scim.userCount(),
                    sandbox.scim.groupCount(),
                    sandbox.hris.workers().size(),
                    sandbox.hris.certifications().size());
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox on port " + options.port(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return baseUri;
    }

    /** {@code baseUri + /scim/v2}. */
    public URI scimBaseUri() {
        return URI.create(baseUri + "/scim/v2");
    }

    /** The QMS instance URL, {@code baseUri + /qms}: token at {@code /services/oauth2/token}, REST under {@code /services/data}. */
    public URI qmsBaseUri() {
        return URI.create(baseUri + "/qms");
    }

    /** The TrackWise-style QMS simulator. */
    public org.qualigate.sandbox.qms.QmsSimulator qms() {
        return qms;
    }

    /** {@code baseUri + /hris/v1}. */
    public URI hrisBaseUri() {
        return URI.create(baseUri + "/hris/v1");
    }

    public SandboxOptions options() {
        return options;
    }

    public ScimServer scim() {
        return scim;
    }

    public Faults faults() {
        return faults;
    }

    public SideEffects sideEffects() {
        return sideEffects;
    }

    public HrisDirectory hris() {
        return hris;
    }

    /** The scheduling simulator: site shifts, who works which shift, and active work orders. */
    public Scheduling scheduling() {
        return scheduling;
    }

    /** {@code baseUri + /factorytalk/v1}. */
    public URI factoryTalkBaseUri() {
        return URI.create(baseUri + "/factorytalk/v1");
    }

    /** The SAP SuccessFactors simulator (HCM OData v2 users, Learning history), built from {@link #hris()}. */
    public SuccessFactorsSimulator successFactors() {
        return successFactors;
    }

    /**
     * The SuccessFactors API server: {@code baseUri}, under which {@code /odata/v2} and the Learning service
     * {@code /learning/odatav4/public/user/userlearning-service/v1} are served.
     */
    public URI successFactorsBaseUri() {
        return baseUri;
    }

    public WebhookSender webhooks() {
        return webhooks;
    }

    /** The Workday tenant simulator: SOAP Get_Workers, the RaaS report and outbound messages. */
    /** The OAuth client-credentials token endpoint whose tokens the SCIM server accepts. */
    public ScimTokenEndpoint scimTokens() {
        return scimTokens;
    }

    /** {@code baseUri + /scim-oauth/token}. */
    public URI scimTokenUri() {
        return URI.create(baseUri + ScimTokenEndpoint.PATH);
    }

    /** The OpenID Connect provider (issuer {@code <base>/oidc}). */
    public OidcProvider oidc() {
        return oidc;
    }

    public WorkdayTenant workday() {
        return workday;
    }

    /** {@code baseUri}: Workday's paths start with {@code /ccx/service} (see {@link WorkdayTenant#soapPath()}). */
    public URI workdayBaseUri() {
        return baseUri;
    }

    /**
     * The quality simulators: S/4HANA material documents and stock, Jira, Maximo, the regulatory store, the QMS's
     * quality records and events, the demo feed and the EMS producer.
     */
    public QualitySimulators quality() {
        return quality;
    }

    /** Stops the webhook sender, releases held connections and stops the server. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        webhooks.stop();
        quality.close();
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static ObjectNode scimUser(JsonMapper json, Worker w) {
        ObjectNode user = json.createObjectNode();
        user.put("userName", w.employeeId());
        user.put("externalId", w.employeeId());
        ObjectNode name = user.putObject("name");
        name.put("givenName", w.givenName());
        name.put("familyName", w.familyName());
        name.put("formatted", w.displayName());
        user.put("displayName", w.displayName());
        if (w.jobTitle() != null) {
            user.put("title", w.jobTitle());
        }
        ObjectNode email = user.putArray("emails").addObject();
        email.put("value", w.email());
        email.put("type", "work");
        email.put("primary", true);
        user.put("active", true);
        ObjectNode enterprise = user.putObject(ScimServer.ENTERPRISE_USER_SCHEMA);
        enterprise.put("employeeNumber", w.employeeId());
        enterprise.put("division", w.site());
        return user;
    }

    private void dispatch(HttpExchange exchange) {
        sideEffects.receiving(exchange.getRequestHeaders().getFirst("traceparent"));
        try {
            dispatchCall(exchange);
        } finally {
            sideEffects.answered();
        }
    }

    private void dispatchCall(HttpExchange exchange) {
        try {
            HttpCall call = HttpCall.read(exchange);
            String path = call.path();
            String target;
            String relative;
            if (under(path, "/scim/v2")) {
                target = "scim";
                relative = path.substring("/scim/v2".length());
            } else if (quality.route(path).isPresent()) {
                QualitySimulators.Route route = quality.route(path).orElseThrow();
                target = route.target();
                relative = route.relative();
            } else if (under(path, "/hris/v1")) {
                target = "hris";
                relative = path.substring("/hris/v1".length());
            } else if (under(path, "/factorytalk/v1")) {
                target = "factorytalk";
                relative = path.substring("/factorytalk/v1".length());
            } else if (under(path, SuccessFactorsSimulator.ODATA_PATH)) {
                target = "successfactors";
                relative = path.substring(SuccessFactorsSimulator.ODATA_PATH.length());
            } else if (path.equals(SuccessFactorsSimulator.LEARNING_TOKEN_PATH)) {
                target = "successfactors";
                relative = "/token";
            } else if (under(path, SuccessFactorsSimulator.LEARNING_PATH)) {
                target = "successfactors";
                relative = path.substring(SuccessFactorsSimulator.LEARNING_PATH.length());
            } else if (under(path, "/ccx/service")) {
                target = "workday";
                relative = path.substring("/ccx/service".length());
            } else if (under(path, "/qms")) {
                target = "qms";
                relative = path.substring("/qms".length());
            } else if (path.equals(ScimTokenEndpoint.PATH)) {
                write(exchange, scimTokens.handle(call));
                return;
            } else if (under(path, OidcProvider.PATH)) {
                // the identity provider is not a target of fault injection: sign-in either works or it does not
                write(exchange, oidc.handle(call, path.substring(OidcProvider.PATH.length())));
                return;
            } else if (under(path, "/sandbox")) {
                write(exchange, control.handle(call, path.substring("/sandbox".length())));
                return;
            } else {
                write(exchange, HttpReply.text(404, "no simulator at " + path));
                return;
            }
            String resource = target.equals("workday")
                    ? workday.resource(relative)
                    : target.equals("qms")
                            ? qmsResource(relative)
                            : QualitySimulators.owns(target)
                                    ? QualitySimulators.resource(target, relative)
                                    : "/" + resource(firstSegment(relative));
            Optional<Fault> fault = faults.take(target, call.method(), resource, path);
            if (fault.isPresent() && play(exchange, call, target, relative, fault.get())) {
                return;
            }
            write(exchange, answer(call, target, relative));
        } catch (IOException e) {
            log.debug("client went away: {}", e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            log.error("simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                write(exchange, HttpReply.text(500, "internal error"));
            } catch (IOException ignored) {
                exchange.close();
            }
        }
    }

    private HttpReply answer(HttpCall call, String target, String relative) {
        return switch (target) {
            case "scim" -> scim.handle(call, relative);
            case "factorytalk" -> scheduling.handle(call, relative);
            case "successfactors" ->
                call.path().equals(SuccessFactorsSimulator.LEARNING_TOKEN_PATH)
                        ? successFactorsReply(
                                successFactors.learningToken(call.method(), call.header("Authorization"), call.body()))
                        : successFactorsReply(successFactors.handle(
                                call.method(), relative, call.query(), call.header("Authorization"), learning(call)));
            case "workday" ->
                workdayReply(workday.handle(call.method(), relative, call.query(), call::header, call.body()));
            case "erp", "jira", "maximo", "regulatory", "events" -> quality.answer(target, call, relative);
            case "qms" -> {
                if (quality.handlesQms(call, relative)) {
                    yield quality.answerQms(call, relative);
                }
                var reply =
                        qms.handle(call.method(), relative, call.query(), call.header("Authorization"), call.body());
                yield HttpReply.of(reply.status(), reply.contentType(), reply.body());
            }
            default -> hris.handle(call, relative);
        };
    }

    /** Plays the fault; true when the exchange is finished, false when it should be answered normally after all. */
    private boolean play(HttpExchange exchange, HttpCall call, String target, String relative, Fault fault)
            throws IOException {
        log.debug("fault {} on {} {}", fault.mode(), call.method(), call.path());
        switch (fault.mode()) {
            case DOWN, RESET -> {
                abort(exchange);
                return true;
            }
            case ERROR -> {
                write(
                        exchange,
                        faultError(call, target, relative, fault.status(), "simulated failure (fault injected)"));
                return true;
            }
            case RATE_LIMIT -> {
                long seconds = Math.max(1, (fault.delay().toMillis() + 999) / 1000);
                write(
                        exchange,
                        faultError(call, target, relative, 429, "too many requests (fault injected)")
                                .header("Retry-After", Long.toString(seconds)));
                return true;
            }
            case SLOW -> {
                hold(fault.delay());
                return false;
            }
            case TIMEOUT -> {
                hold(fault.delay().isZero() ? DEFAULT_HOLD : fault.delay());
                abort(exchange);
                return true;
            }
            case COMMIT_THEN_TIMEOUT -> {
                HttpReply discarded = answer(call, target, relative);
                log.debug(
                        "committed {} {} -> {}, holding the answer back",
                        call.method(),
                        call.path(),
                        discarded.status());
                hold(fault.delay().isZero() ? DEFAULT_HOLD : fault.delay());
                abort(exchange);
                return true;
            }
        }
        return false;
    }

    private HttpReply faultError(HttpCall call, String target, String relative, int status, String detail) {
        if (QualitySimulators.owns(target)) {
            return quality.faultError(target, relative, status, detail);
        }
        if (target.equals("qms")) {
            var reply = qms.faultError(status, detail);
            return HttpReply.of(reply.status(), reply.contentType(), reply.body());
        }
        if (target.equals("workday")) {
            return workdayReply(workday.failure(relative, status, detail));
        }
        if (target.equals("successfactors")) {
            return successFactorsReply(successFactors.error(
                    status,
                    learning(call),
                    status == 429 ? "COE_TOO_MANY_REQUESTS" : "COE_GENERAL_SERVER_FAILURE",
                    detail));
        }
        return target.equals("scim") ? scim.error(new ScimException(status, null, detail)) : hris.error(status, detail);
    }

    private static boolean learning(HttpCall call) {
        return under(call.path(), SuccessFactorsSimulator.LEARNING_PATH)
                || call.path().equals(SuccessFactorsSimulator.LEARNING_TOKEN_PATH);
    }

    private static HttpReply successFactorsReply(SuccessFactorsSimulator.Reply reply) {
        return new HttpReply(reply.status(), new java.util.LinkedHashMap<>(reply.headers()), reply.body());
    }

    /** {@code User('E1')} is the resource {@code User}, as faults name OData entity sets. */
    private static String resource(String segment) {
        int paren = segment.indexOf('(');
        return paren < 0 ? segment : segment.substring(0, paren);
    }

    private static HttpReply workdayReply(WorkdayReply reply) {
        return HttpReply.of(reply.status(), reply.contentType(), reply.body());
    }

    private void hold(Duration duration) {
        try {
            closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the connection without an answer: the JDK server drops a connection whose exchange sent no headers. */
    private static void abort(HttpExchange exchange) {
        exchange.close();
    }

    private static void write(HttpExchange exchange, HttpReply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = reply.body();
        boolean noBody = body.length == 0 || reply.status() == 204 || reply.status() == 304;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The QMS resource a fault names: {@code /token}, {@code /query} or {@code /sobjects}. */
    private static String qmsResource(String relative) {
        if (relative.startsWith("/services/oauth2/")) {
            return "/token";
        }
        String[] parts = relative.split("/");
        // /services/data/vNN.N/<resource>/...
        return parts.length > 4 ? "/" + parts[4] : relative;
    }

    private static String firstSegment(String relative) {
        String trimmed = relative.startsWith("/") ? relative.substring(1) : relative;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
