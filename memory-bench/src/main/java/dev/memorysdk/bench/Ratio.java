package dev.memorysdk.bench;

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

    /** The ratio of the two scenarios' throughputs. */
    public double value(ScenarioResult top, ScenarioResult bottom) {
        double below = bottom.throughputPerSecond();
        return below == 0 ? 0 : factor * top.throughputPerSecond() / below;
    }
}
