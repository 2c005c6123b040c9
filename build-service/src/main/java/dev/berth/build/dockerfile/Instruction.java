package dev.berth.build.dockerfile;

import java.util.List;

/**
 * One logical line of a Dockerfile before interpretation: its keyword (lower case), its leading {@code --flags},
 * the argument text after them, the original text (for {@code Step N/M : ...}) and the lines it spans.
 */
public record Instruction(String keyword, List<Flag> flags, String arguments, String original, int startLine,
        int endLine, List<Heredoc> heredocs) {

    public Instruction {
        flags = List.copyOf(flags);
        heredocs = List.copyOf(heredocs);
    }

    /** The keyword as users write it, for messages. */
    public String name() {
        return keyword.toUpperCase(java.util.Locale.ROOT);
    }
}
