/** The FactoryTalk-style scheduling API adapter behind {@link org.qualigate.connector.ShiftSchedule}. */
@NamedInterface("factorytalk")
@NullMarked
package org.qualigate.connector.factorytalk;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
