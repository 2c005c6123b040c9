package dev.berth.build.dockerfile;

/**
 * Parser directives from the top of a Dockerfile: {@code # escape=`} changes the escape character, {@code # syntax=}
 * and {@code # check=} are accepted and recorded (berth has one frontend and no lint checks).
 */
public record Directives(char escape, String syntax, String check) {
    public static final Directives DEFAULT = new Directives('\\', null, null);
}
