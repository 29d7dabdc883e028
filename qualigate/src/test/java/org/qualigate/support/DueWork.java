package org.qualigate.support;

import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.qualigate.access.internal.AccessTimers;
import org.qualigate.notify.NoticeMailer;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Brings the service to rest for some people at the test clock's now, instead of sleeping a fixed time:
 * fires the timers due by now and sends the notices due by now, directly, until none of theirs is due and
 * none of their deliveries is open. When it returns, whatever the service does for them by now has been
 * done, so a test can then assert that something did not happen — on a busy machine as on a quiet one.
 * (The service's own pollers run beside it; timers and notices are taken with {@code SKIP LOCKED}, so
 * whichever takes one, it is done once.)
 */
public final class DueWork {

    private final AccessTimers timers;
    private final NoticeMailer mailer;
    private final JdbcClient jdbc;
    private final Clock clock;

    public DueWork(ApplicationContext context) {
        this.timers = context.getBean(AccessTimers.class);
        this.mailer = context.getBean(NoticeMailer.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.clock = context.getBean(Clock.class);
    }

    /** Fires what is due for the people and waits until nothing of theirs is due or open (at most 20 s). */
    public void settle(String... employeeIds) {
        List<String> people = List.of(employeeIds);
        await("timers, deliveries and notices of " + people + " done")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    timers.poll();
                    mailer.poll();
                    return open(people) == 0;
                });
    }

    /** Timers due by now, deliveries not yet done and notices due by now but not yet sent, for the people. */
    public long open(List<String> people) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("SELECT (SELECT count(*) FROM access_timer WHERE employee_id IN (:ids) AND fire_at <= :now)"
                        + " + (SELECT count(*) FROM work_item WHERE employee_id IN (:ids))"
                        + " + (SELECT count(*) FROM notice WHERE employee_id IN (:ids) AND due_at <= :now"
                        + " AND status IN ('PENDING', 'SENDING'))")
                .param("ids", people)
                .param("now", now)
                .query(Long.class)
                .single();
    }
}
