package org.qualigate.interfaces;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One interface's control document, filled from the configuration in force: what it exchanges with which system, how
 * it is reached and authenticated (the kind of credential, never its value), how failures are retried, set aside and
 * escalated, its service level and owner, whether it is configured at all, and whether it may be paused.
 */
public record InterfaceDocument(
        String name,
        String title,
        String system,
        Direction direction,
        String protocol,
        String endpoint,
        String authentication,
        String messages,
        String errorHandling,
        String retry,
        String deadLetter,
        String escalation,
        String sla,
        String owner,
        boolean configured,
        boolean pausable,
        Watch watch) {

    /** Which way the messages go, seen from Qualigate. */
    public enum Direction {
        INBOUND,
        OUTBOUND,
        BOTH
    }

    /**
     * What the live state counts for the interface: the audit actions that are its messages handled and its
     * failures (only those of its actors, such as {@code source:hris}, where several interfaces write the same
     * actions; empty: any actor), the delivery target whose queue is its backlog, and the measured service level, each when there is
     * one.
     */
    public record Watch(
            List<String> handled,
            List<String> failed,
            @Nullable String deliveryTarget,
            @Nullable Backlog backlog,
            @Nullable String slaInterface,
            List<String> actors) {

        public Watch {
            handled = List.copyOf(handled);
            failed = List.copyOf(failed);
            actors = List.copyOf(actors);
        }

        /** A watch without an actor: the actions are the interface's own. */
        public Watch(
                List<String> handled,
                List<String> failed,
                @Nullable String deliveryTarget,
                @Nullable Backlog backlog,
                @Nullable String slaInterface) {
            this(handled, failed, deliveryTarget, backlog, slaInterface, List.of());
        }

        static Watch audited(List<String> handled, List<String> failed) {
            return new Watch(handled, failed, null, null, null);
        }

        /** The actions as written by these actors only. */
        static Watch audited(List<String> actors, List<String> handled, List<String> failed) {
            return new Watch(handled, failed, null, null, null, actors);
        }
    }

    /** A queue of the quality module that holds the interface's waiting work. */
    public enum Backlog {
        ERP_BATCHES,
        CAPA_CHECKS,
        OUTBOUND_EVENTS
    }
}
