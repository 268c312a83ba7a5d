package dev.memorysdk.internal.config;

import java.time.Duration;

/** Range checks whose messages name the setting, the accepted range and the value given. */
public final class SettingsValidator {

    public void range(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    setting + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    public void range(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    setting + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    public void range(String setting, Duration value, Duration min, Duration max) {
        notNull(setting, value);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    setting + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    public void notNull(String setting, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " must not be null");
        }
    }
}
