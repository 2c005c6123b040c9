package dev.berth.build.dockerfile;

/**
 * A here-document attached to RUN, COPY or ADD: {@code <<EOF} ... {@code EOF}. {@code expand} is false when any part
 * of the delimiter was quoted; {@code chomp} ({@code <<-EOF}) strips leading tabs from the body lines.
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {
}
