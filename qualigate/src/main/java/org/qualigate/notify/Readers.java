package org.qualigate.notify;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the people behind e-mail addresses read (language, time zone), as their accounts say. The accounts belong
 * to the identity module, which uses this one: it answers through this port, so that the outbox never reads
 * another module's table. An address without an account is read in English in the sender's zone.
 */
public interface Readers {

    /** A reader's language ({@code ""} or null: as the browser asks, i.e. English in a mail) and time zone. */
    record Preference(@Nullable String language, @Nullable String timeZone) {}

    /** The preferences of the accounts with these addresses, by address in lower case. */
    Map<String, Preference> of(Collection<String> lowerCaseAddresses);

    /** The e-mail addresses of the enabled accounts that hold any of these roles (none when there are no accounts). */
    default java.util.List<String> addressesOf(Collection<String> roles) {
        return java.util.List.of();
    }

    /** No accounts: everyone reads English in the sender's zone. */
    Readers NONE = addresses -> Map.of();
}
