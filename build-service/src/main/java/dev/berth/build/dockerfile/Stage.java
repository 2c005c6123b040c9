package dev.berth.build.dockerfile;

import java.util.List;

/** A build stage: its position, optional name ({@code FROM ... AS name}, lower case), its FROM and what follows. */
public record Stage(int index, String name, Command.From from, List<Command> commands) {
    public Stage {
        commands = List.copyOf(commands);
    }

    /** Whether {@code reference} (a {@code FROM} or {@code COPY --from} value) names this stage. */
    public boolean isNamed(String reference) {
        return (name != null && name.equalsIgnoreCase(reference)) || String.valueOf(index).equals(reference);
    }
}
