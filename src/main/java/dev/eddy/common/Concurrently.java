package dev.eddy.common;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs many Unis with at most so many in flight, results in the list's order, failing on the first
 * failure. Mutiny's own {@code Uni.join().all(…).usingConcurrencyOf(n)} subscribes the next Uni
 * from inside the previous one's completion: on the memory store, where Unis complete at once,
 * a few hundred of them overflow the stack and the request is never answered. A Multi's merge
 * drains in a loop instead.
 */
public final class Concurrently {
    private Concurrently() {
    }

    public static <T> Uni<List<T>> all(List<? extends Uni<? extends T>> unis, int atOnce) {
        if (unis.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Each value travels with its index: a Multi carries no nulls, and merge does not keep order.
        Multi<Indexed<T>> indexed = Multi.createFrom().range(0, unis.size()).onItem()
                .transformToUni(i -> unis.get(i).<Indexed<T>>map(value -> new Indexed<>(i, value)))
                .merge(atOnce);
        return indexed.collect().asList().map(results -> {
            List<T> ordered = new ArrayList<>(Collections.nCopies(unis.size(), null));
            results.forEach(r -> ordered.set(r.index(), r.value()));
            return ordered;
        });
    }

    private record Indexed<T>(int index, T value) {
    }
}
