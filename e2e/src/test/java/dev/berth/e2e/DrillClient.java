package dev.berth.e2e;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of a drill's workload: in a cycle, {@code run -d} (bridge), a volume, {@code run --rm}, a network, a
 * pull from the local registry or a tag, then {@code rm -f}, volume rm, network rm and rmi of its oldest objects
 * (it keeps the newest of each so something is left to find). It stops after one whole cycle once the component is
 * back, so the last cycle shows the platform works again.
 */
final class DrillClient implements Runnable {
    private static final String LABELS = "\"Labels\":{\"dev.berth.drill\":\"%s\"}";
    private final String prefix;
    private final DrillLedger ledger;
    /** Tags {@code p0..p<PULLS-1>} of {@code <registry>/<prefix>} are pushed to the local registry first. */
    static final int PULLS = 6;
    private final String registry;
    private final AtomicBoolean recovered;
    private final Deque<DrillLedger.Tracked> containers = new ArrayDeque<>();
    private final Deque<DrillLedger.Tracked> volumes = new ArrayDeque<>();
    private final Deque<DrillLedger.Tracked> networks = new ArrayDeque<>();
    private final Deque<DrillLedger.Tracked> images = new ArrayDeque<>();
    private int serial;
    private int pulls;

    /** {@code prefix} names everything this client makes; its label is the prefix up to the last dash. */
    DrillClient(String prefix, DrillLedger ledger, String registry, AtomicBoolean recovered) {
        this.prefix = prefix;
        this.ledger = ledger;
        this.registry = registry;
        this.recovered = recovered;
    }

    @Override
    public void run() {
        long end = System.currentTimeMillis() + java.util.concurrent.TimeUnit.MINUTES.toMillis(4);
        for (int cycle = 0; System.currentTimeMillis() < end; cycle++) {
            boolean lastCycle = recovered.get();
            runDetached();
            createVolume();
            runRemoved();
            createNetwork();
            if (cycle % 2 == 0) {
                pull();
            } else {
                tag();
            }
            removeOldest(containers, this::removeContainer, 2);
            removeOldest(volumes, t -> call("volume rm", "DELETE", "/volumes/" + t.name, null), 2);
            removeOldest(networks, t -> call("network rm", "DELETE", "/networks/" + t.id, null), 2);
            removeOldest(images, t -> call("rmi", "DELETE", "/images/" + t.name, null), 2);
            if (lastCycle) {
                return;
            }
        }
    }

    private String next(String kind) {
        return prefix + "-" + kind + (serial++);
    }

    private String labels() {
        return String.format(LABELS, prefix.substring(0, prefix.lastIndexOf('-')));
    }

    private void runDetached() {
        DrillLedger.Tracked c = ledger.track(DrillLedger.Kind.CONTAINER, next("d"));
        DrillCall.Result created = call("create", "POST", "/containers/create?name=" + c.name,
                "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"300\"]," + labels() + "}");
        if (!c.change("create", created)) {
            return;
        }
        c.id = created.jsonField("Id");
        c.present = true;
        containers.add(c);
        c.change("start", call("start", "POST", "/containers/" + c.id + "/start", null));
    }

    /** As the docker CLI's {@code run --rm}: create, wait for removal (asked before the start), start. */
    private void runRemoved() {
        DrillLedger.Tracked c = ledger.track(DrillLedger.Kind.CONTAINER, next("r"));
        DrillCall.Result created = call("create --rm", "POST", "/containers/create?name=" + c.name,
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]," + labels()
                        + ",\"HostConfig\":{\"AutoRemove\":true,\"NetworkMode\":\"none\"}}");
        if (!c.change("create", created)) {
            return;
        }
        c.id = created.jsonField("Id");
        c.present = true;
        c.autoRemove = true;
        long start = System.currentTimeMillis();
        try (RawDocker wait = RawDocker.open("POST", "/containers/" + c.id + "/wait?condition=removed", null,
                false)) {
            if (!c.change("start", call("start --rm", "POST", "/containers/" + c.id + "/start", null))) {
                containers.add(c); // not started: it stays until the rm -f of the cycle
                return;
            }
            DrillCall.Result removed = ledger.record(DrillCall.classify("wait removed", start,
                    wait.read(DrillCall.TIMEOUT_MS)));
            c.change("die", removed);
            if (c.change("destroy", removed)) {
                c.present = false;
            } else {
                c.present = null;
            }
        } catch (IOException e) {
            ledger.record(new DrillCall.Result(new DrillCall("wait removed", start,
                    System.currentTimeMillis() - start, DrillCall.Outcome.NO_ANSWER, 0, e.getMessage()), null));
            c.possible.addAll(java.util.List.of("start", "die", "destroy"));
            c.present = null;
        }
    }

    private void createVolume() {
        DrillLedger.Tracked v = ledger.track(DrillLedger.Kind.VOLUME, next("v"));
        if (v.change("create", call("volume create", "POST", "/volumes/create",
                "{\"Name\":\"" + v.name + "\"," + labels() + "}"))) {
            v.present = true;
            volumes.add(v);
        }
    }

    private void createNetwork() {
        DrillLedger.Tracked n = ledger.track(DrillLedger.Kind.NETWORK, next("n"));
        DrillCall.Result created = call("network create", "POST", "/networks/create",
                "{\"Name\":\"" + n.name + "\"," + labels() + "}");
        if (n.change("create", created)) {
            n.id = created.jsonField("Id");
            n.present = true;
            networks.add(n);
        }
    }

    /** Pulls the next of the {@link #PULLS} tags pushed for this client, then tags instead. */
    private void pull() {
        if (pulls >= PULLS) {
            tag();
            return;
        }
        String tag = "p" + pulls++;
        DrillLedger.Tracked i = ledger.track(DrillLedger.Kind.IMAGE, registry + "/" + prefix + ":" + tag);
        if (i.change("pull", call("pull", "POST", "/images/create?fromImage=" + registry + "/" + prefix + "&tag="
                + tag, null))) {
            i.present = true;
            images.add(i);
        }
    }

    private void tag() {
        String repo = prefix + "-i";
        String tag = String.valueOf(serial++);
        DrillLedger.Tracked i = ledger.track(DrillLedger.Kind.IMAGE, repo + ":" + tag);
        if (i.change("tag", call("tag", "POST", "/images/busybox/tag?repo=" + repo + "&tag=" + tag, null))) {
            i.present = true;
            images.add(i);
        }
    }

    private void removeOldest(Deque<DrillLedger.Tracked> live, java.util.function.Function<DrillLedger.Tracked,
            DrillCall.Result> remove, int keep) {
        if (live.size() < keep) {
            return;
        }
        DrillLedger.Tracked t = live.poll();
        String action = switch (t.kind) {
            case CONTAINER -> "destroy";
            case IMAGE -> "untag";
            default -> "destroy";
        };
        DrillCall.Result removed = remove.apply(t);
        if (t.kind == DrillLedger.Kind.CONTAINER && t.acknowledged.contains("start")) {
            t.change("die", removed);
        }
        t.present = t.change(action, removed) ? Boolean.FALSE : null;
    }

    /**
     * {@code rm -f}. A {@code --rm} container whose start failed without a clear answer may have started anyway
     * (the start reached the node before the outage cut its answer off) and so removed itself: its 404 is the
     * answer dockerd gives too. A container that vanished without its {@code destroy} event still fails the drill.
     */
    private DrillCall.Result removeContainer(DrillLedger.Tracked t) {
        DrillCall.Result removed = DrillCall.call("rm -f", "DELETE", "/containers/" + t.id + "?force=1", null);
        if (t.autoRemove && t.possible.contains("start") && removed.call().status() == 404) {
            removed = removed.as(DrillCall.Outcome.OK);
        }
        return recorded(removed);
    }

    private DrillCall.Result call(String what, String method, String path, String body) {
        return recorded(DrillCall.call(what, method, path, body));
    }

    private DrillCall.Result recorded(DrillCall.Result result) {
        ledger.record(result);
        Events.sleep(result.ok() ? 50 : 500); // a failing platform is not hammered
        return result;
    }
}
