package dev.berth.runtime.service;

import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What every container verb works with, injected once: the row's transactions and lookups, the Docker events it
 * appends, the node it asks and the waiters it wakes. The lifecycle verbs add their in-flight sets and lifecycle
 * events beside it; nothing here injects a verb (InjectionCyclesTest).
 */
@Singleton
public class VerbSupport {
    private final ContainerTx db;
    private final ContainerLookup lookup;
    private final ContainerEvents events;
    private final ContainerNode node;
    private final Waiters waiters;

    @Inject
    public VerbSupport(ContainerTx db, ContainerLookup lookup, ContainerEvents events, ContainerNode node,
            Waiters waiters) {
        this.db = db;
        this.lookup = lookup;
        this.events = events;
        this.node = node;
        this.waiters = waiters;
    }

    /** Transactions, locked rows and blocking node work on the right context. */
    public ContainerTx db() {
        return db;
    }

    public ContainerLookup lookup() {
        return lookup;
    }

    /** Docker's events, appended in the verb's transaction. */
    public ContainerEvents events() {
        return events;
    }

    public ContainerNode node() {
        return node;
    }

    public Waiters waiters() {
        return waiters;
    }
}
