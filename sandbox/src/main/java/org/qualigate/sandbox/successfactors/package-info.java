/**
 * The SAP SuccessFactors simulator: the HCM OData v2 {@code User} entity under {@code /odata/v2} and the
 * Learning OData v4 learning history under {@code /learning/odatav4/public/user/userlearning-service/v1},
 * built from the sandbox's demo workers and certification records.
 */
@NullMarked
package org.qualigate.sandbox.successfactors;

import org.jspecify.annotations.NullMarked;
