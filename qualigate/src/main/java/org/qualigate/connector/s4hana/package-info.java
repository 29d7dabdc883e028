/**
 * SAP S/4HANA as the ERP that holds batch stock: {@code API_MATERIAL_STOCK_SRV} to read it and {@code
 * API_MATERIAL_DOCUMENT_SRV} to post transfer postings between unrestricted use and blocked stock (OData v2, CSRF
 * token and session cookie, HTTP Basic as a communication user).
 * Internal to the connector module: the adapter is built by its own configuration in this package and reached
 * through the port it implements, so no other module names a type here.
 */
@NullMarked
package org.qualigate.connector.s4hana;

import org.jspecify.annotations.NullMarked;
