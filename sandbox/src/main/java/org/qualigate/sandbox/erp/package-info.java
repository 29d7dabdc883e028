/**
 * An SAP S/4HANA-style ERP: the material document API ({@code API_MATERIAL_DOCUMENT_SRV}) and the material stock
 * API ({@code API_MATERIAL_STOCK_SRV}), OData v2 with CSRF token protection, over a stock ledger per material,
 * plant, storage location, batch and stock type.
 */
@NullMarked
package org.qualigate.sandbox.erp;

import org.jspecify.annotations.NullMarked;
