package org.qualigate.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.mock.env.MockEnvironment;

class CrashPointsTest {

    @Verifies("URS-BCP-008")
    @Test
    void anUnarmedPointNeverHalts() {
        AtomicInteger halts = new AtomicInteger();
        CrashPoints points = new CrashPoints(null, 1, halts::incrementAndGet);
        for (CrashPoints.Point p : CrashPoints.Point.values()) {
            points.reached(p);
        }
        assertThat(halts).hasValue(0);
    }

    @Verifies("URS-BCP-008")
    @Test
    void anArmedPointHaltsOnceAtTheNthTimeItIsReachedAndOtherPointsNever() {
        AtomicInteger halts = new AtomicInteger();
        CrashPoints points = new CrashPoints(CrashPoints.Point.AFTER_SEND, 3, halts::incrementAndGet);
        points.reached(CrashPoints.Point.AFTER_SEND);
        points.reached(CrashPoints.Point.AFTER_LEASE);
        points.reached(CrashPoints.Point.BEFORE_COMPLETE);
        points.reached(CrashPoints.Point.AFTER_SEND);
        assertThat(halts).hasValue(0);
        points.reached(CrashPoints.Point.AFTER_SEND);
        assertThat(halts).hasValue(1);
        points.reached(CrashPoints.Point.AFTER_SEND);
        assertThat(halts).hasValue(1);
    }

    @Verifies("URS-BCP-008")
    @Test
    void theSettingNamesThePointsAsTheSuiteDoes() {
        assertThat(CrashPoints.Point.parse("after-lease")).isEqualTo(CrashPoints.Point.AFTER_LEASE);
        assertThat(CrashPoints.Point.parse("after-send")).isEqualTo(CrashPoints.Point.AFTER_SEND);
        assertThat(CrashPoints.Point.parse("before-complete")).isEqualTo(CrashPoints.Point.BEFORE_COMPLETE);
        assertThatThrownBy(() -> CrashPoints.Point.parse("whenever")).hasMessageContaining("after-lease");
    }

    @Verifies("URS-BCP-008")
    @Test
    void armingACrashPointInTheDemoProfileIsRefused() {
        MockEnvironment demo = new MockEnvironment().withProperty("qualigate.fault-injection.crash-at", "after-send");
        demo.setActiveProfiles("demo");
        assertThatThrownBy(() -> new CrashPoints(demo)).hasMessageContaining("demo");
    }
}
