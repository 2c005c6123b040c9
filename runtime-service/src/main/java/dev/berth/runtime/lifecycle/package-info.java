/**
 * The container lifecycle, one verb per class: {@link dev.berth.runtime.lifecycle.CreateContainer},
 * {@link dev.berth.runtime.lifecycle.StartContainer} (user, restart policy, service start),
 * {@link dev.berth.runtime.lifecycle.StopContainer} (stop, kill), {@link dev.berth.runtime.lifecycle.RestartContainer},
 * {@link dev.berth.runtime.lifecycle.PauseContainer} (pause, unpause), {@link dev.berth.runtime.lifecycle.RecordExit}
 * (die, OOM), {@link dev.berth.runtime.lifecycle.RemoveContainer}, {@link dev.berth.runtime.lifecycle.WaitContainer},
 * {@link dev.berth.runtime.lifecycle.RenameContainer}, {@link dev.berth.runtime.lifecycle.ContainerProcesses}
 * (top, resize). What each verb may do in which state is one table,
 * {@link dev.berth.runtime.domain.ContainerState}; what is in flight (starting, exit being handled, removing) is
 * {@link dev.berth.runtime.lifecycle.InFlight}; the database, transaction and Vert.x context rules are
 * {@link dev.berth.runtime.store.ContainerTx}; the node work is {@link dev.berth.runtime.service.ContainerNode}.
 *
 * <p>Verbs call down, never back up: once a verb's transaction committed it publishes a
 * {@link dev.berth.runtime.domain.LifecycleEvent} (started, exited, restart cancelled, removing, removed) through
 * {@link dev.berth.runtime.lifecycle.LifecycleEvents}, and whoever reacts observes it: the restart policies
 * ({@link dev.berth.runtime.lifecycle.RestartScheduler}, which then calls a start), OOM watching
 * ({@link dev.berth.runtime.lifecycle.OomWatcher}), health checks and exec bookkeeping (in {@code service}). The
 * watchers that drive verbs from the host (exit files, OOM files, restart timers) live here; no bean injects one
 * that injects it back ({@code InjectionCyclesTest}).
 *
 * <p>Layering: api → lifecycle → service (node adapter, attach hub, waiters, health, exec) → store → domain; no
 * package below this one imports it (checked by {@code PackageCyclesTest}).
 */
package dev.berth.runtime.lifecycle;
