package dev.berth.build.dockerfile;

/** {@code ARG name[=default]}; defaultValue is null when none is given (the build arg or nothing). */
public record ArgDeclaration(String name, String defaultValue) {
}
