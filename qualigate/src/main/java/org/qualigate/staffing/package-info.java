/**
 * The staffing forecast: which rostered shifts of each line will have fewer certified people than the plant
 * definition's minimum, whose certification lapses and which training would restore it; and the e-mail to the
 * line supervisor when a shift in the next two weeks becomes at risk (decision 0037).
 */
@ApplicationModule(allowedDependencies = {"policy", "ledger", "access", "connector", "audit", "notify"})
@NullMarked
package org.qualigate.staffing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
