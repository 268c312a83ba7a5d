package dev.memorysdk.example.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The SCAN cursor after the last batch fully written, kept in a file so that an interrupted import
 * resumes there. Batches are written with {@code addAllToMemory}, which skips stored turn ids, so
 * a batch written again after a crash stores nothing twice.
 */
public final class ImportCheckpoint {

    private final Path file;

    /** A checkpoint kept in {@code file}. */
    public ImportCheckpoint(Path file) {
        this.file = file;
    }

    /** The cursor to resume from: {@code "0"} when there is no checkpoint. */
    public String cursor() {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "0";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + file, e);
        }
    }

    /** Records the cursor atomically (write, then rename). */
    public void save(String cursor) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, cursor, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file, e);
        }
    }

    /** Removes the checkpoint once the scan is complete. */
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoint " + file, e);
        }
    }

    /** Where the checkpoint is kept. */
    public Path file() {
        return file;
    }
}
