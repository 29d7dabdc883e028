/**
 * The SCIM 2.0 (RFC 7643/7644) access target: an MES whose roles are SCIM groups and whose operators
 * are SCIM users, found by {@code userName} or {@code externalId}.
 */
@NamedInterface("scim")
@NullMarked
package org.qualigate.connector.scim;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
