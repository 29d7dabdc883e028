package org.qualigate.support;

import org.springframework.test.context.TestPropertySource;

/**
 * Base of the tests that drive the workers themselves, step by step, to place a crash or an error at an exact
 * point: the service as in {@link QualigateIT}, but the delivery worker does not start and the QMS sync and the quality
 * module's ERP worker never poll by themselves, so nothing else takes the work the test is about. Internal errors give up after three
 * attempts, so a test reaches the limit quickly.
 */
@TestPropertySource(
        properties = {
            "qualigate.delivery.enabled=false",
            "qualigate.training.initial-delay=PT24H",
            "qualigate.training.poll-interval=PT24H",
            "qualigate.quality.initial-delay=PT24H",
            "qualigate.quality.poll-interval=PT24H",
            "qualigate.delivery.max-internal-errors=3",
            "qualigate.training.max-internal-errors=3"
        })
public abstract class DrivenWorkersIT extends QualigateIT {}
