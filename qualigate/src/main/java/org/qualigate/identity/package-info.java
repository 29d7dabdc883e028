/**
 * Users and roles: accounts stored in PostgreSQL (never deleted, so an id is never reused), the password
 * policy, lockout after repeated failures with an alert, the bootstrap users from configuration, and the
 * {@code UserDetailsService} every sign-in path uses.
 */
@ApplicationModule(allowedDependencies = {"audit", "settings", "notify", "text"})
@NullMarked
package org.qualigate.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
