package dev.memorysdk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportMathTest {

    private static ScenarioResult result(String name, long operations, double seconds, long... latenciesMillis) {
        Histogram histogram = new Histogram(LoadRunner.HIGHEST_TRACKABLE_NANOS, 3);
        for (long millis : latenciesMillis) {
            histogram.recordValue(TimeUnit.MILLISECONDS.toNanos(millis));
        }
        return new ScenarioResult(name, operations, 0, (long) (seconds * 1e9), histogram, operations * 20_000L,
                operations * 50_000L);
    }

    private static long[] oneToThousandMillis() {
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        return values;
    }

    @Test
    void throughputIsOperationsPerSecondOfTheWindow() {
        assertThat(result("a", 3000, 2.0).throughputPerSecond()).isEqualTo(1500.0);
        assertThat(result("empty", 0, 0).throughputPerSecond()).isZero();
    }

    @Test
    void percentilesComeFromTheHistogramInMilliseconds() {
        ScenarioResult uniform = result("uniform", 1000, 1.0, oneToThousandMillis());

        assertThat(uniform.latencyMillis(50)).isCloseTo(500, within(1.0));
        assertThat(uniform.latencyMillis(99)).isCloseTo(990, within(1.0));
        assertThat(uniform.latencyMillis(99.9)).isCloseTo(999, within(1.0));
    }

    @Test
    void clientCpuIsSpreadOverTheOperations() {
        assertThat(result("cpu", 100, 1.0).clientCpuMicrosPerOperation()).isEqualTo(20.0);
    }

    @Test
    void serverCpuIsSpreadOverTheOperationsAndShownUnknownWhenTheServerIsElsewhere() {
        ScenarioResult measured = result("server", 100, 1.0);
        ScenarioResult elsewhere = new ScenarioResult("elsewhere", 100, 0, 1_000_000_000L,
                new Histogram(LoadRunner.HIGHEST_TRACKABLE_NANOS, 3), 2_000_000L, -1);

        assertThat(measured.serverCpuMicrosPerOperation()).isEqualTo(50.0);
        assertThat(Report.row(measured)).contains("| 20 | 50 | 100 | 0 |");
        assertThat(elsewhere.serverCpuMicrosPerOperation()).isNaN();
        assertThat(Report.row(elsewhere)).contains("| 20 | – | 100 | 0 |");
        assertThat(measured.plus(elsewhere).serverCpuMicrosPerOperation()).isNaN();
    }

    @Test
    void slicesAddUpToOneResult() {
        ScenarioResult merged = result("m", 100, 1.0, 1, 2).plus(result("m", 300, 1.0, 3));

        assertThat(merged.operations()).isEqualTo(400);
        assertThat(merged.throughputPerSecond()).isEqualTo(200.0);
        assertThat(merged.latencyNanos().getTotalCount()).isEqualTo(3);
        assertThat(merged.serverCpuMicrosPerOperation()).isEqualTo(50.0);
    }

    @Test
    void ratiosCompareThroughputsScaledByTheirFactor() {
        Report report = new Report();
        report.add(result("fast", 3000, 1.0));
        report.add(result("slow", 1000, 1.0));
        Ratio met = Ratio.target("fast over slow", "fast", "slow", 2.5);
        Ratio missed = Ratio.target("slow over fast", "slow", "fast", 0.9);
        Ratio batch = new Ratio("five per call", "slow", "fast", 5, Double.NaN);
        report.addRatio(met);
        report.addRatio(missed);
        report.addRatio(batch);

        assertThat(report.value(met)).isEqualTo(3.0);
        assertThat(report.value(batch)).isCloseTo(5.0 / 3, within(1e-9));
        assertThat(report.value(Ratio.info("absent", "fast", "nowhere"))).isNaN();
        assertThat(report.render()).contains("| fast over slow | 3.00× |  |  | ≥ 2.50× | yes |")
                .contains("| slow over fast | 0.33× |  |  | ≥ 0.90× | no |");
    }

    @Test
    void aRatioOfInterleavedRoundsShowsItsSpreadAndIsFlaggedWhenRoundsDisagreeByMoreThanTenPercent() {
        Report report = new Report();
        report.add(result("steady", 1000, 1.0).plus(result("steady", 1050, 1.0)));
        report.add(result("base", 1000, 1.0).plus(result("base", 1000, 1.0)));
        report.add(result("jumpy", 1000, 1.0).plus(result("jumpy", 1300, 1.0)));
        report.addRatio(Ratio.info("steady / base", "steady", "base"));
        report.addRatio(Ratio.info("jumpy / base", "jumpy", "base"));

        assertThat(Ratio.info("x", "steady", "base").roundValues(report.result("steady"), report.result("base")))
                .containsExactly(1.0, 1.05);
        assertThat(report.render()).contains("| steady / base | 1.03× | 1.00–1.05× | 5 % |  |  |")
                .contains("| jumpy / base | 1.15× | 1.00–1.30× | 30 % **unsteady** |  |  |");
    }
}
