/**
 * A Jira Cloud-style task tool: REST API v3 issues with Atlassian Document Format descriptions, labels and issue
 * properties, the enhanced JQL search, transitions and comments, Basic authentication with an API token, and a
 * burst rate limit answered with 429 and {@code Retry-After}.
 */
@NullMarked
package org.qualigate.sandbox.jira;

import org.jspecify.annotations.NullMarked;
