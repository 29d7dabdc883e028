/** The TrackWise-style QMS simulator: a Salesforce-style REST API over training records and user profiles. */
@NullMarked
package org.qualigate.sandbox.qms;

import org.jspecify.annotations.NullMarked;
