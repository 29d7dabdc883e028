/**
 * Electronic signatures (21 CFR 11.50, 11.70, 11.200): printed name, UTC instant and the signer's zone,
 * meaning, re-authentication, and a binding to the SHA-256 of the signed record's canonical content.
 */
@ApplicationModule(allowedDependencies = {"identity", "audit", "text"})
@NullMarked
package org.qualigate.signature;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
