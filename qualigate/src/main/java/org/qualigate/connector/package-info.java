/** Ports the domain owns towards outside systems ({@link org.qualigate.connector.AccessTarget}), one sub-package per vendor. */
@Module(uses = {"policy", "ledger"})
@NullMarked
package org.qualigate.connector;

import org.jspecify.annotations.NullMarked;
import org.qualigate.Module;
