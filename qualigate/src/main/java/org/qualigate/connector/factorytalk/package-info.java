/** The FactoryTalk-style scheduling API adapter behind {@link org.qualigate.connector.ShiftSchedule}. */
@NullMarked
package org.qualigate.connector.factorytalk;

import org.jspecify.annotations.NullMarked;
