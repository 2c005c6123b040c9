package dev.berth.build.dockerfile;

import java.util.List;

/** A parsed Dockerfile: its directives and its instructions in order. */
public record Dockerfile(Directives directives, List<Instruction> instructions) {
    public Dockerfile {
        instructions = List.copyOf(instructions);
    }
}
