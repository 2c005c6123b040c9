package dev.berth.runtime.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import jakarta.enterprise.context.ApplicationScoped;

/** In-memory waiters for a container's next exit and for its removal; completed with the exit code. */
@ApplicationScoped
public class Waiters {
    private final Map<String, List<CompletableFuture<Integer>>> exits = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<Integer>>> removals = new ConcurrentHashMap<>();

    public CompletableFuture<Integer> nextExit(String id) {
        return register(exits, id);
    }

    public CompletableFuture<Integer> removal(String id) {
        return register(removals, id);
    }

    public void exited(String id, int code) {
        complete(exits, id, code);
    }

    public void removed(String id, int code) {
        complete(exits, id, code);
        complete(removals, id, code);
    }

    public void forget(String id, CompletableFuture<Integer> future) {
        List<CompletableFuture<Integer>> e = exits.get(id);
        if (e != null) {
            e.remove(future);
        }
        List<CompletableFuture<Integer>> r = removals.get(id);
        if (r != null) {
            r.remove(future);
        }
    }

    private static CompletableFuture<Integer> register(Map<String, List<CompletableFuture<Integer>>> map, String id) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        map.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(f);
        return f;
    }

    private static void complete(Map<String, List<CompletableFuture<Integer>>> map, String id, int code) {
        List<CompletableFuture<Integer>> list = map.remove(id);
        if (list != null) {
            list.forEach(f -> f.complete(code));
        }
    }
}
