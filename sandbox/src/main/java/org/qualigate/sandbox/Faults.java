package org.qualigate.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The faults in force; the HTTP fault endpoint and in-process tests share this one. */
public final class Faults {

    private final RandomGenerator random;
    private final List<Armed> armed = new ArrayList<>();

    Faults(RandomGenerator random) {
        this.random = random;
    }

    /** Adds a fault; several may be in force, the oldest matching one applies first. */
    public synchronized void inject(Fault fault) {
        armed.add(new Armed(fault, fault.times()));
    }

    /** Removes every fault. */
    public synchronized void clear() {
        armed.clear();
    }

    /** The faults in force, with {@code times} set to what remains. */
    public synchronized List<Fault> active() {
        return armed.stream().map(a -> a.fault.remaining(a.remaining)).toList();
    }

    /** The fault to play on this request, if any; counts it against the fault's {@code times}. */
    synchronized Optional<Fault> take(String target, String method, String resource, String path) {
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            if (!a.fault.matches(target, method, resource, path)) {
                continue;
            }
            if (a.fault.probability() < 1 && random.nextDouble() >= a.fault.probability()) {
                continue;
            }
            if (a.remaining > 0 && --a.remaining == 0) {
                it.remove();
            }
            return Optional.of(a.fault);
        }
        return Optional.empty();
    }

    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
