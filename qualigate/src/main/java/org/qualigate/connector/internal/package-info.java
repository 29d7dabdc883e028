/**
 * What the connector module's adapters share and no other module may use: the one way an outbound HTTP call is sent
 * ({@link org.qualigate.connector.internal.HttpCalls}), the paging loop, the session shared until the system refuses
 * it, and the reading of {@code Retry-After}. Not a named interface: Spring Modulith treats this package as the
 * module's internals, so a type of another module that names one of these fails {@code ApplicationModulesTest}.
 */
@NullMarked
package org.qualigate.connector.internal;

import org.jspecify.annotations.NullMarked;
