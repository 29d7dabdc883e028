package org.qualigate.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Fault injection for the reliability suite: halts the JVM, as {@code kill -9} would, at one named step of a
 * delivery, a QMS write or a file import. Armed only by {@code qualigate.fault-injection.crash-at} (and fired at the
 * {@code qualigate.fault-injection.crash-after}-th time that step is reached, default the first); unset — as in
 * the default and demo runs, where arming it is refused — each point is one volatile read.
 */
@Component
public class CrashPoints {

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    /** The steps at which the process can be made to die. */
    public enum Point {
        /** The item is leased; nothing was read from or sent to the target. */
        AFTER_LEASE,
        /** The target was changed; nothing was recorded. */
        AFTER_SEND,
        /** The assignments are recorded and the item completed, but the transaction is not committed. */
        BEFORE_COMPLETE,
        /** The QMS took a training record; its audit entry is not written yet. */
        AFTER_QMS_WRITE,
        /** A row of an imported file is committed (with its rejection, if any); the next is not read yet. */
        AFTER_IMPORT_ROW,
        /** The ERP took a stock movement; its audit entry is not written yet (its intent is). */
        AFTER_ERP_POST;

        String settingValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Point parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(p -> p.settingValue().equals(t))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("qualigate.fault-injection.crash-at: unknown point '"
                            + text + "', expected one of "
                            + Arrays.stream(values()).map(Point::settingValue).toList()));
        }
    }

    private final @Nullable Point armed;
    private final int after;
    private final AtomicInteger reached = new AtomicInteger();
    private final Runnable halt;

    @Autowired
    CrashPoints(Environment environment) {
        this(
                armed(environment),
                environment.getProperty("qualigate.fault-injection.crash-after", Integer.class, 1),
                () -> Runtime.getRuntime().halt(137));
    }

    /**
     * Armed at {@code point} for its {@code after}-th time, with {@code halt} in place of halting the JVM: for
     * tests that play a crash inside one process (the halt throws, and what was not committed is lost as if
     * the process had died).
     */
    public static CrashPoints armed(Point point, int after, Runnable halt) {
        return new CrashPoints(point, after, halt);
    }

    /** Never armed. */
    public static CrashPoints none() {
        return new CrashPoints(null, 1, () -> {});
    }

    CrashPoints(@Nullable Point armed, int after, Runnable halt) {
        if (after < 1) {
            throw new IllegalStateException("qualigate.fault-injection.crash-after must be at least 1");
        }
        this.armed = armed;
        this.after = after;
        this.halt = halt;
        if (armed != null) {
            log.warn("fault injection armed: the process halts at {} #{}", armed.settingValue(), after);
        }
    }

    private static @Nullable Point armed(Environment environment) {
        String at = environment.getProperty("qualigate.fault-injection.crash-at", "");
        if (at.isBlank()) {
            return null;
        }
        if (environment.acceptsProfiles(Profiles.of("demo"))) {
            throw new IllegalStateException("qualigate.fault-injection.crash-at must never be set in the demo profile");
        }
        return Point.parse(at);
    }

    /** Halts the process if this point is armed and reached for the configured time. */
    public void reached(Point point) {
        if (armed != point) {
            return;
        }
        if (reached.incrementAndGet() == after) {
            log.warn("fault injection: halting at {} #{}", point.settingValue(), after);
            halt.run();
        }
    }
}
