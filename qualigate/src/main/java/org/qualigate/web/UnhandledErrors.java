package org.qualigate.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The last answer to a request that nothing else could answer. Whatever escapes the servlet chain — an
 * {@link Error} such as {@code NoClassDefFoundError} from a class loader whose jar was replaced, or an
 * exception no handler took — is logged and answered {@code 500 application/problem+json} with a body
 * prepared at start, so the client is never left waiting for an answer that will not come.
 *
 * <p>The error path itself must not need a class that is not loaded yet: a process whose jar was rewritten
 * cannot load one. So the classes that logging a throwable needs (logback's {@code ThrowableProxy} and the
 * layout's converters, Tomcat's {@code ExceptionUtils}) are loaded and exercised once at start, and if
 * logging fails all the same, the failure goes to standard error with the JDK's own printing.
 */
@Configuration(proxyBeanMethods = false)
class UnhandledErrors {

    private static final Logger log = LoggerFactory.getLogger(UnhandledErrors.class);

    /** The same problem as {@code ApiErrors} answers for an unexpected exception. */
    static final byte[] PROBLEM = ("{\"type\":\"https://qualigate.org/problems/internal-error\","
                    + "\"title\":\"Internal error\",\"status\":500,"
                    + "\"detail\":\"the request could not be completed; the error is logged\"}")
            .getBytes(StandardCharsets.UTF_8);

    /** What a health page answers when the instance cannot load the classes its answer needs. */
    static final byte[] DOWN = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8);

    /** Classes that Tomcat's and logging's error paths load lazily: loaded here while the jar is intact. */
    static final List<String> ERROR_PATH_CLASSES = List.of(
            "org.apache.tomcat.util.ExceptionUtils",
            "org.apache.catalina.connector.ClientAbortException",
            "org.apache.juli.logging.DirectJDKLog",
            "org.slf4j.bridge.SLF4JBridgeHandler",
            "org.slf4j.helpers.MessageFormatter",
            "org.slf4j.helpers.FormattingTuple",
            "ch.qos.logback.classic.spi.ThrowableProxy",
            "ch.qos.logback.classic.spi.ThrowableProxyUtil",
            "ch.qos.logback.classic.spi.StackTraceElementProxy",
            "ch.qos.logback.classic.spi.ThrowableProxyVO",
            "ch.qos.logback.classic.spi.PackagingDataCalculator",
            "ch.qos.logback.classic.spi.ClassPackagingData",
            "ch.qos.logback.classic.spi.STEUtil");

    @Bean
    FilterRegistrationBean<LastResort> lastResortErrors() {
        preloadErrorPath();
        FilterRegistrationBean<LastResort> registration = new FilterRegistrationBean<>(new LastResort());
        registration.setName("lastResortErrors");
        // Outside every other filter (security included), so nothing escapes past it.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Answers what escapes the chain; rethrows only when the answer is already on its way. */
    static final class LastResort implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            try {
                chain.doFilter(request, response);
            } catch (Throwable t) {
                if (t.getClass().getSimpleName().equals("ClientAbortException")) {
                    throw t; // the client went away: there is no one to answer
                }
                boolean health = isHealth(request) && cannotLoadClasses(t);
                report(request, t, health ? 503 : 500);
                if (response.isCommitted()) {
                    // Part of another answer is already sent: the connection must end rather than add to it.
                    rethrow(t);
                }
                if (health) {
                    // A health page that cannot load what its answer needs is itself the finding: the instance
                    // cannot serve, so it says DOWN rather than fail in a way a probe may read as something else.
                    answer(response, 503, "application/json", DOWN);
                } else {
                    answer(response);
                }
            }
        }
    }

    static void answer(ServletResponse response) throws IOException {
        answer(response, 500, "application/problem+json", PROBLEM);
    }

    private static void answer(ServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        response.resetBuffer();
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(status);
        http.setContentType(contentType);
        http.setContentLength(body.length);
        http.setHeader("Cache-Control", "no-store");
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.getOutputStream().write(body);
        http.flushBuffer();
    }

    /** {@code /actuator/health} and its groups ({@code readiness}, {@code liveness}, …). */
    static boolean isHealth(ServletRequest request) {
        if (!(request instanceof HttpServletRequest http)) {
            return false;
        }
        String path = http.getRequestURI().substring(http.getContextPath().length());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    /** Whether the failure is a class that could not be loaded or linked (a jar changed under the process). */
    static boolean cannotLoadClasses(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof LinkageError) {
                return true;
            }
        }
        return false;
    }

    static void report(ServletRequest request, Throwable t, int status) {
        String what = request instanceof HttpServletRequest http
                ? http.getMethod() + " " + http.getRequestURI()
                : "a request";
        try {
            log.error("{} could not be handled; answered {}", what, status, t);
        } catch (Throwable loggingFailed) {
            // Logging needs classes of its own; the JDK's printing needs none from the application's jar.
            System.err.println("ERROR " + what + " could not be handled; answered " + status + "; logging failed too: "
                    + loggingFailed);
            t.printStackTrace();
        }
    }

    private static void rethrow(Throwable t) throws IOException, ServletException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof ServletException servlet) {
            throw servlet;
        }
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        throw new ServletException(t);
    }

    /**
     * Loads the error path's classes and formats a throwable once through every logback appender's encoder
     * (nothing is written), so that logging an error later needs no class that was not loaded at start.
     */
    static void preloadErrorPath() {
        ClassLoader loader = UnhandledErrors.class.getClassLoader();
        for (String name : ERROR_PATH_CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                log.debug("error path class {} not present: {}", name, e.toString());
            }
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Throwable sample = new IllegalStateException("start-up check of the error path", new NoClassDefFoundError("x"));
        sample.addSuppressed(new IOException("suppressed"));
        ch.qos.logback.classic.Logger logger = context.getLogger(UnhandledErrors.class);
        LoggingEvent event = new LoggingEvent(
                ch.qos.logback.classic.Logger.class.getName(),
                logger,
                Level.ERROR,
                "{} could not be handled",
                sample,
                new Object[] {"GET /"});
        ThrowableProxyUtil.asString(new ThrowableProxy(sample));
        for (Appender<ILoggingEvent> appender : appenders(context)) {
            if (appender instanceof OutputStreamAppender<ILoggingEvent> stream && stream.getEncoder() != null) {
                stream.getEncoder().encode(event);
            }
        }
        event.prepareForDeferredProcessing();
    }

    private static List<Appender<ILoggingEvent>> appenders(LoggerContext context) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (ch.qos.logback.classic.Logger l : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = l.iteratorForAppenders(); it.hasNext(); ) {
                appenders.add(it.next());
            }
        }
        return appenders;
    }
}
