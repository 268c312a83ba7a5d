package dev.memorysdk.example.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d} or an ISO-8601 duration such as {@code PT2H}. */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)([smhd])");

    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher shortForm = SHORT_FORM.matcher(text);
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                return switch (shortForm.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(value.strip());
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException malformed) {
            throw new TypeConversionException("'" + value + "' is not a duration: use 90s, 15m, 2h, 7d or ISO-8601 like PT2H");
        }
    }
}
