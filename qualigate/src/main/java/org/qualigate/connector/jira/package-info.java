/** Jira Cloud (REST API v3) as the task tool of escalations: issues found by label, ADF comments, transitions. */
@NamedInterface("jira")
@NullMarked
package org.qualigate.connector.jira;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
