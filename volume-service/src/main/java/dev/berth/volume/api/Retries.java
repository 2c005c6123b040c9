package dev.berth.volume.api;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Two requests creating the same new volume at once: the loser's insert fails; its retry finds the volume. */
final class Retries {
    private Retries() {
    }

    static <T> Uni<T> onDuplicate(Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(() -> work.get()).onFailure(Retries::isDuplicate).retry().atMost(2);
    }

    private static boolean isDuplicate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }
}
