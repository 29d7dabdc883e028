/** Reports: compliance of a site at any instant (required qualifications and their state, access without basis). */
@Module(uses = {"policy", "ledger", "access", "delivery"})
@NullMarked
package org.qualigate.report;

import org.jspecify.annotations.NullMarked;
import org.qualigate.Module;
