/**
 * Workday as an HRIS source: SOAP {@code Get_Workers} (Human_Resources) with qualifications, the training
 * completions RaaS report, and the XML of outbound subscription messages; each certification becomes one
 * {@link org.qualigate.connector.SourceRecord}, never a guess.
 */
@NamedInterface("workday")
@NullMarked
package org.qualigate.connector.workday;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
