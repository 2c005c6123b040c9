/**
 * The container lifecycle, one verb per class: {@link dev.berth.runtime.lifecycle.CreateContainer},
 * {@link dev.berth.runtime.lifecycle.StartContainer} (user, restart policy, service start),
 * {@link dev.berth.runtime.lifecycle.StopContainer} (stop, kill, restart),
 * {@link dev.berth.runtime.lifecycle.PauseContainer} (pause, unpause), {@link dev.berth.runtime.lifecycle.RecordExit}
 * (die, OOM), {@link dev.berth.runtime.lifecycle.RemoveContainer}, {@link dev.berth.runtime.lifecycle.WaitContainer},
 * {@link dev.berth.runtime.lifecycle.RenameContainer}, {@link dev.berth.runtime.lifecycle.ContainerProcesses}
 * (top, resize). What each verb may do in which state is one table,
 * {@link dev.berth.runtime.domain.ContainerState}; what is in flight (starting, exit being handled, removing) is
 * {@link dev.berth.runtime.lifecycle.InFlight}; the database, transaction and Vert.x context rules are
 * {@link dev.berth.runtime.store.ContainerTx}. The watchers that call verbs back (exits, OOM kills, restart
 * policies) live here too until they become observers of lifecycle events (issue 15, item 4).
 *
 * <p>Layering: api → lifecycle → service (node adapter, attach hub, waiters, health, exec) → store → domain; no
 * package below this one imports it (checked by {@code PackageCyclesTest}).
 */
package dev.berth.runtime.lifecycle;
