package dev.berth.build.dockerfile;

/** An instruction flag such as {@code --from=build} or {@code --link}; value is null for a bare flag. */
public record Flag(String name, String value) {
}
