/**
 * Interface control documents generated from the live configuration: every interface Qualigate has with another
 * system (HRIS sources, the QMS, the MES and other access targets, the ERP, the task tool, the maintenance system, the
 * regulatory store), its direction, endpoint, authentication (named by kind, never a secret), messages, error
 * handling, retries, dead letters and escalation, service level and owner — as Markdown and PDF — and each
 * interface's live state from what delivery, the quality module and the audit trail already count.
 */
@ApplicationModule(allowedDependencies = {"delivery", "quality", "audit", "report", "settings", "intake"})
@NullMarked
package org.qualigate.interfaces;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
