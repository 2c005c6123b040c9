package dev.berth.image.catalog;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs one Uni per item, one after the other (a Hibernate Reactive session allows no parallel operations). */
public final class Sequential {
    private Sequential() {
    }

    public static <T, R> Uni<List<R>> map(List<T> items, Function<T, Uni<R>> step) {
        Uni<List<R>> chain = Uni.createFrom().item(new ArrayList<>());
        for (T item : items) {
            chain = chain.chain(results -> step.apply(item).map(r -> {
                results.add(r);
                return results;
            }));
        }
        return chain;
    }

    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        return map(items, item -> step.apply(item).replaceWith(Boolean.TRUE)).replaceWithVoid();
    }
}
