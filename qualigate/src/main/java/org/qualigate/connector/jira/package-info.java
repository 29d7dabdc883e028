/**
 * Jira Cloud (REST API v3) as the task tool of escalations: issues found by label, ADF comments, transitions.
 * Internal to the connector module: the adapter is built by its own configuration in this package and reached
 * through the port it implements, so no other module names a type here.
 */
@NullMarked
package org.qualigate.connector.jira;

import org.jspecify.annotations.NullMarked;
