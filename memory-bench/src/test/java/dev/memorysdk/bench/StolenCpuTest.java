package dev.memorysdk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StolenCpuTest {

    @Test
    void theShareOfTimeTheHostTookIsItsStealOverEveryStateUpToSteal() {
        StolenCpu before = StolenCpu.parse("cpu  1000 0 200 5000 50 0 10 40 0 0");
        StolenCpu after = StolenCpu.parse("cpu  1600 0 300 5100 50 0 10 240 77 0");

        // 1,000 ticks passed (600 user, 100 system, 100 idle, 200 steal); guest time is inside user time.
        assertThat(after.percentSince(before)).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void noTimePassedIsNoSteal() {
        StolenCpu same = StolenCpu.parse("cpu 1 2 3 4 5 6 7 8 9 10");

        assertThat(same.percentSince(same)).isZero();
    }

    @Test
    void aLineOtherThanTheAllCpuLineIsRefused() {
        assertThatThrownBy(() -> StolenCpu.parse("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu0");
    }

    @Test
    void thisMachinesCountersReadWhereThereAreAny() {
        StolenCpu now = StolenCpu.now();
        if (now != null) {
            assertThat(now.total()).isPositive();
            assertThat(now.steal()).isBetween(0L, now.total());
        }
    }
}
