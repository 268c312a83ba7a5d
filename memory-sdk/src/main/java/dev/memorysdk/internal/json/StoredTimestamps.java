package dev.memorysdk.internal.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/**
 * Reads the timestamps found in stored turns: ISO-8601 with {@code Z} or an offset (what this SDK
 * writes), and Python's {@code isoformat()} output with or without offset, where a timestamp
 * without offset means UTC. A {@code ' '} separator is accepted as well as {@code 'T'}.
 */
public final class StoredTimestamps {

    private static final DateTimeFormatter LENIENT_ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private StoredTimestamps() {
    }

    /** Parses a stored timestamp; empty if it is missing or not a timestamp this class reads. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Instant written = parseWrittenForm(text);
        if (written != null) {
            return Optional.of(written);
        }
        try {
            TemporalAccessor parsed = LENIENT_ISO.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime withOffset) {
                return Optional.of(withOffset.toInstant());
            }
            return Optional.of(((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException malformed) {
            return Optional.empty();
        }
    }

    /**
     * Whether the stored timestamp {@code text} is before {@code bound}, parsing it only when it may be:
     * in the form {@link #format} writes, years 0000 to 9999, the text up to the seconds orders as the
     * time does, so a text whose seconds are later than the bound's is not before it, decided by
     * comparing characters (the usual case: most stored turns are unexpired). Any other text is
     * parsed, which also keeps a text that only looks like a timestamp (month 13) from counting as
     * before. A text that is no timestamp this class reads is not before anything.
     */
    public static boolean isBefore(String text, Bound bound) {
        if (bound.seconds != null && hasWrittenShape(text)) {
            for (int i = 0; i < WRITTEN_SECONDS_LENGTH; i++) {
                int difference = text.charAt(i) - bound.seconds.charAt(i);
                if (difference > 0) {
                    return false;
                }
                if (difference < 0) {
                    break;
                }
            }
        }
        Instant parsed = parse(text).orElse(null);
        return parsed != null && parsed.isBefore(bound.instant);
    }

    /** An instant with the text of its seconds in the written form, to compare stored texts against. */
    public static final class Bound {
        private final Instant instant;
        /** {@code yyyy-MM-ddTHH:mm:ss}, or null when the year has no four-digit form. */
        private final String seconds;

        private Bound(Instant instant, String seconds) {
            this.instant = instant;
            this.seconds = seconds;
        }
    }

    /** The last bound made: reads within one second share the text of its seconds. */
    private static volatile Bound lastBound;

    /** The bound {@link #isBefore} compares against: {@code instant}. */
    public static Bound bound(Instant instant) {
        Bound last = lastBound;
        if (last != null && last.instant.getEpochSecond() == instant.getEpochSecond()) {
            return new Bound(instant, last.seconds);
        }
        String written = format(instant);
        Bound bound = new Bound(instant, hasWrittenShape(written) ? written.substring(0, WRITTEN_SECONDS_LENGTH) : null);
        lastBound = bound;
        return bound;
    }

    private static final int WRITTEN_SECONDS_LENGTH = 19;

    /** Whether {@code text} looks like the written form: digits and separators where it has them, a Z at the end. */
    private static boolean hasWrittenShape(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z'
                || (length > 20 && text.charAt(WRITTEN_SECONDS_LENGTH) != '.')) {
            return false;
        }
        for (int i = 0; i < WRITTEN_SECONDS_LENGTH; i++) {
            char c = text.charAt(i);
            char expected = WRITTEN_SEPARATORS.charAt(i);
            if (expected == 'd' ? c < '0' || c > '9' : c != expected) {
                return false;
            }
        }
        return true;
    }

    private static final String WRITTEN_SEPARATORS = "dddd-dd-ddTdd:dd:dd";

    /**
     * Reads the form {@link #format} writes ({@code 2024-05-01T12:00:00.123Z}, 0 to 9 fraction
     * digits) without the general formatter, which costs microseconds per call with its optional
     * sections; every context read parses the timestamp of every stored turn. Null for any other
     * form (or an impossible date), which then goes through the general formatter.
     */
    private static Instant parseWrittenForm(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - (length - 21)];
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException impossible) {
            return null;
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

    /** The decimal value of {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Formats an instant as this SDK stores it: ISO-8601 in UTC with a {@code Z}, exactly as
     * {@link DateTimeFormatter#ISO_INSTANT} does (the fraction in 0, 3, 6 or 9 digits, as many as it
     * needs). Years 0000 to 9999 are written without the general formatter, which costs microseconds
     * per call; every append formats its turn's timestamp.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds > LAST_FOUR_DIGIT_SECOND) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int nanos = instant.getNano();
        char[] text = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1_000 == 0 ? 27 : 30];
        write(text, 0, time.getYear(), 4);
        text[4] = '-';
        write(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        write(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        write(text, 11, time.getHour(), 2);
        text[13] = ':';
        write(text, 14, time.getMinute(), 2);
        text[16] = ':';
        write(text, 17, time.getSecond(), 2);
        if (text.length > 20) {
            text[19] = '.';
            int digits = text.length - 21;
            write(text, 20, nanos / POWERS_OF_TEN[9 - digits], digits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in epoch seconds: the years {@link #format} writes itself. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code text[from]}. */
    private static void write(char[] text, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
