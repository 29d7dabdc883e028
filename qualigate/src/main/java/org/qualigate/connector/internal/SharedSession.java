package org.qualigate.connector.internal;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A session with an outside system (a token, the cookies that go with it) opened once and shared by every call until
 * the system refuses it: the first call that needs one opens it; a refused one is forgotten, unless another call has
 * already replaced it, so the next call opens a fresh one. The QMS's OAuth token and S/4HANA's CSRF token are kept so.
 */
public final class SharedSession<S> {

    private final Supplier<S> open;
    private volatile @Nullable S current;

    public SharedSession(Supplier<S> open) {
        this.open = open;
    }

    /** The session, opened now if there is none. */
    public S get() {
        S s = current;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (current == null) {
                current = open.get();
            }
            return current;
        }
    }

    /** The session if one is open, without opening one. */
    public @Nullable S peek() {
        return current;
    }

    /** Forgets the session the system refused, if it is still the one kept. */
    public synchronized void forget(S refused) {
        if (current == refused) {
            current = null;
        }
    }
}
