package dev.berth.volume.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which containers use which volume. A use is confirmed by the container's create event; a reservation (made when
 * runtime-service resolves a volume for a container it is creating) counts for {@value #RESERVATION} only, so a
 * runtime that crashed before its create committed leaks nothing.
 */
public final class VolumeUses {
    static final String RESERVATION = "10 minutes";
    static final String ACTIVE = "(not released and (confirmed or reserved_at > now() - interval '" + RESERVATION + "'))";

    public record Use(String volume, String containerId, String destination, boolean rw, String propagation) {
    }

    private VolumeUses() {
    }

    /** Active users per volume name. */
    public static Uni<Map<String, List<String>>> byVolume() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select volume_name, container_id from volume_use where " + ACTIVE, Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<String, List<String>> out = new HashMap<>();
                    for (Object[] row : rows) {
                        out.computeIfAbsent((String) row[0], k -> new java.util.ArrayList<>()).add((String) row[1]);
                    }
                    return out;
                });
    }

    public static Uni<List<String>> usersOf(String volume) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select container_id from volume_use where volume_name = :v and " + ACTIVE + " order by container_id",
                        String.class)
                .setParameter("v", volume)
                .getResultList());
    }

    public static Uni<List<Use>> ofContainer(String containerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select volume_name, container_id, destination, rw, propagation from volume_use"
                                + " where container_id = :c order by volume_name", Object[].class)
                .setParameter("c", containerId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Use((String) r[0], (String) r[1], (String) r[2],
                        (Boolean) r[3], (String) r[4])).toList());
    }

    static Uni<Void> reserve(String volume, String containerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into volume_use (volume_name, container_id, confirmed, reserved_at)"
                                + " values (:v, :c, false, now()) on conflict (volume_name, container_id)"
                                + " do update set reserved_at = now()")
                .setParameter("v", volume)
                .setParameter("c", containerId)
                .executeUpdate()).replaceWithVoid();
    }

    /** Confirms (or records) a use; a volume that no longer exists is skipped. */
    public static Uni<Void> confirm(Use use) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into volume_use (volume_name, container_id, confirmed, destination, rw, propagation)"
                                + " select :v, :c, true, :d, :rw, :p where exists (select 1 from volume where name = :v)"
                                + " on conflict (volume_name, container_id) do update set confirmed = true,"
                                + " destination = excluded.destination, rw = excluded.rw, propagation = excluded.propagation")
                .setParameter("v", use.volume())
                .setParameter("c", use.containerId())
                .setParameter("d", use.destination())
                .setParameter("rw", use.rw())
                .setParameter("p", use.propagation())
                .executeUpdate()).replaceWithVoid();
    }

    public static Uni<Void> releaseContainer(String containerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from volume_use where container_id = :c")
                .setParameter("c", containerId)
                .executeUpdate()).replaceWithVoid();
    }

    /** The container is gone (its destroy event, which deletes the rows, may still be on its way). */
    static Uni<Void> markReleased(String containerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update volume_use set released = true where container_id = :c")
                .setParameter("c", containerId)
                .executeUpdate()).replaceWithVoid();
    }

    static Uni<Void> forgetVolume(String volume) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from volume_use where volume_name = :v")
                .setParameter("v", volume)
                .executeUpdate()).replaceWithVoid();
    }
}
