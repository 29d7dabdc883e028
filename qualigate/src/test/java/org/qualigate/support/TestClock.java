package org.qualigate.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test sets by hand and that runs on from there at the pace of real time, so that retries
 * and backoffs still come due while a test jumps to an expiry instant.
 */
public final class TestClock extends Clock {

    private record Anchor(Instant at, long nanos) {}

    private volatile Anchor anchor;

    public TestClock(Instant start) {
        set(start);
    }

    public void set(Instant instant) {
        anchor = new Anchor(instant, System.nanoTime());
    }

    public Instant advance(Duration by) {
        Instant next = instant().plus(by);
        set(next);
        return next;
    }

    @Override
    public Instant instant() {
        Anchor a = anchor;
        return a.at().plusNanos(System.nanoTime() - a.nanos());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
