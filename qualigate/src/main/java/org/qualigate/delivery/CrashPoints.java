package org.qualigate.delivery;

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
 * delivery. Armed only by {@code qualigate.fault-injection.crash-at} (and fired at the
 * {@code qualigate.fault-injection.crash-after}-th time that step is reached, default the first); unset — as in
 * the default and demo runs, where arming it is refused — each point is one volatile read.
 */
@Component
public class CrashPoints {

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    /** The steps of a delivery at which the process can be made to die. */
    public enum Point {
        /** The item is leased; nothing was read from or sent to the target. */
        AFTER_LEASE,
        /** The target was changed; nothing was recorded. */
        AFTER_SEND,
        /** The assignments are recorded and the item completed, but the transaction is not committed. */
        BEFORE_COMPLETE;

        String settingValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Point parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(p -> p.settingValue().equals(t))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("qualigate.fault-injection.crash-at: unknown point '"
                            + text + "', expected after-lease, after-send or before-complete"));
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
    void reached(Point point) {
        if (armed != point) {
            return;
        }
        if (reached.incrementAndGet() == after) {
            log.warn("fault injection: halting at {} #{}", point.settingValue(), after);
            halt.run();
        }
    }
}
