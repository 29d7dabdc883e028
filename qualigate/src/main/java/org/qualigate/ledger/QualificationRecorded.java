package org.qualigate.ledger;

/**
 * Published in the transaction that applied a new version of a person's qualification, so that modules
 * which keep other systems in step (the QMS training-record sync) can record their work in that same
 * transaction.
 */
public record QualificationRecorded(EmployeeId employeeId, Qualification.Authority authority) {}
