package dev.berth.build.dockerfile;

/** {@code key=value} of ENV and LABEL as written (quotes still in; expansion removes them). */
public record KeyValue(String key, String value) {
}
