/** The TrackWise Digital-style QMS over Salesforce REST: training records, user certification status, QMS-owned records read back. */
@NamedInterface("qms")
@NullMarked
package org.qualigate.connector.qms;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
