package dev.memorysdk.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One comparison the report prints: the throughput of one scenario over another's, both from the
 * same run, optionally with a target it should reach.
 *
 * @param label       what is compared
 * @param numerator   the scenario on top
 * @param denominator the scenario below
 * @param factor      multiplies the numerator (e.g. turns per call of a batch), usually 1
 * @param target      the least ratio the target asks for, or NaN for none
 */
public record Ratio(String label, String numerator, String denominator, double factor, double target) {

    /** A ratio with a target. */
    public static Ratio target(String label, String numerator, String denominator, double target) {
        return new Ratio(label, numerator, denominator, 1, target);
    }

    /** A ratio reported for information. */
    public static Ratio info(String label, String numerator, String denominator) {
        return new Ratio(label, numerator, denominator, 1, Double.NaN);
    }

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }

    /** Rounds whose ratios differ by more than this (max / min - 1) make the ratio unsteady. */
    public static final double UNSTEADY_SPREAD = 0.10;

    /** The ratio of the two scenarios' throughputs. */
    public double value(ScenarioResult top, ScenarioResult bottom) {
        double below = bottom.throughputPerSecond();
        return below == 0 ? 0 : factor * top.throughputPerSecond() / below;
    }

    /**
     * The ratio in each round the two scenarios ran side by side (interleaved runs give one window per
     * round to each); empty when they did not run in the same number of rounds.
     */
    public List<Double> roundValues(ScenarioResult top, ScenarioResult bottom) {
        List<Double> above = top.roundThroughputs();
        List<Double> below = bottom.roundThroughputs();
        if (above.size() != below.size() || above.size() < 2) {
            return List.of();
        }
        List<Double> values = new ArrayList<>(above.size());
        for (int round = 0; round < above.size(); round++) {
            values.add(below.get(round) == 0 ? 0 : factor * above.get(round) / below.get(round));
        }
        return values;
    }
}
