package dev.berth.e2e;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a drill's clients were told: every call made, and for every object they tried to make, whether it was
 * acknowledged to exist or to be gone, and which of its events must then appear (acknowledged) or may appear
 * (the call failed, so the change may or may not have happened).
 */
final class DrillLedger {
    final ConcurrentLinkedQueue<DrillCall> calls = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Tracked> objects = new ConcurrentLinkedQueue<>();

    enum Kind {
        CONTAINER(List.of("create", "start", "die", "destroy"), List.of(0, 1, 2, 3)),
        VOLUME(List.of("create", "destroy"), List.of(0, 1)),
        NETWORK(List.of("create", "destroy"), List.of(0, 1)),
        /** a pull writes {@code tag} and {@code pull} in either order; the untag comes after both */
        IMAGE(List.of("pull", "tag", "untag"), List.of(0, 0, 1));

        /** The actions checked. */
        final List<String> actions;
        private final List<Integer> ranks;

        Kind(List<String> actions, List<Integer> ranks) {
            this.actions = actions;
            this.ranks = ranks;
        }

        /** Where the action must come: one of a lower rank never follows one of a higher rank. */
        int rank(String action) {
            return ranks.get(actions.indexOf(action));
        }

        String type() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An object one client tried to make; written by that client only, read once the clients are done. */
    static final class Tracked {
        final Kind kind;
        final String name;
        String id;
        /** Created with {@code AutoRemove}: once it has run, it removes itself. */
        boolean autoRemove;
        /** TRUE: the client was told it exists; FALSE: told it is gone; null: it cannot know. */
        Boolean present;
        final Set<String> acknowledged = new LinkedHashSet<>();
        final Set<String> possible = new LinkedHashSet<>();

        Tracked(Kind kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        /** Records a change's call: acknowledged if it succeeded, else possible. */
        boolean change(String action, DrillCall.Result result) {
            (result.ok() ? acknowledged : possible).add(action);
            return result.ok();
        }

        @Override
        public String toString() {
            return kind.type() + " " + name + (id == null ? "" : " " + id);
        }
    }

    Tracked track(Kind kind, String name) {
        Tracked t = new Tracked(kind, name);
        objects.add(t);
        return t;
    }

    DrillCall.Result record(DrillCall.Result result) {
        calls.add(result.call());
        return result;
    }

    List<DrillCall> calls() {
        return new ArrayList<>(calls);
    }
}
