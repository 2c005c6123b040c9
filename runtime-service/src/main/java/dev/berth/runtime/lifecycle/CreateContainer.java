package dev.berth.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerJson;
import dev.berth.runtime.domain.ContainerNames;
import dev.berth.runtime.domain.CreateSpec;
import dev.berth.runtime.domain.HostConfigKeys;
import dev.berth.runtime.images.ImageClient;
import dev.berth.runtime.images.ImageSource;
import dev.berth.runtime.isolation.NamespaceModes;
import dev.berth.runtime.logs.LogOptions;
import dev.berth.runtime.mounts.ContainerMounts;
import dev.berth.runtime.mounts.MountPoint;
import dev.berth.runtime.mounts.MountSetup;
import dev.berth.runtime.net.NetworkRequests;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.service.ContainerSettings;
import dev.berth.runtime.spec.ContainerLabels;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.EndpointSpec;
import dev.berth.runtime.spec.EndpointSpecParser;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** docker create: validate, prepare layers, mounts, bundle and network on the node, then the row and its event. */
@ApplicationScoped
public class CreateContainer {
    @Inject
    ContainerTx db;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerEvents events;
    @Inject
    ContainerNode node;
    @Inject
    ImageSource images;
    @Inject
    MountSetup mounts;
    @Inject
    NetworkRequests networking;
    @Inject
    PlaceContainer placement;
    @Inject
    CreateOnNode elsewhere;

    private final String nodeName = HostInfo.nodeName();

    public Uni<String> create(String requestedName, JsonNode body) {
        return create(requestedName, body, false, null);
    }

    /**
     * {@code placedHere}: another node placed this create here ({@link CreateOnNode#PLACED}), so it is not placed
     * again; {@code apiVersion}: the client's (null: the newest), passed on with a create placed elsewhere.
     */
    public Uni<String> create(String requestedName, JsonNode body, boolean placedHere, String apiVersion) {
        String id = ContainerJson.newId();
        String name = requestedName == null || requestedName.isEmpty() ? null : ContainerNames.validate(requestedName);
        JsonNode request = body == null ? ContainerJson.object() : body;
        ContainerSpec wanted;
        Map<String, EndpointSpec> endpoints;
        dev.berth.runtime.placement.PlacementRequest placed;
        try {
            HostConfigKeys.canonicalize(request.get("HostConfig"));
            wanted = ContainerSpecParser.request(request); // wrong JSON types: 400 naming the field
            endpoints = EndpointSpecParser.request(request);
            if (wanted.image().isEmpty()) {
                throw BerthException.invalid("config cannot be empty in order to create a container");
            }
            CreateSpec.networkMode(wanted.host().networkMode());
            LogOptions.of(request.path("HostConfig").path("LogConfig"));
            ContainerSettings.check(wanted);
            placed = PlaceContainer.requestOf(wanted, ContainerLabels.of(request).map(),
                    request.path("HostConfig").path("PortBindings"));
        } catch (BerthException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<Void> nameCheck = name == null ? Uni.createFrom().voidItem()
                : db.session(() -> lookup.byNameIn(name))
                        .invoke(existing -> {
                            if (existing != null) {
                                throw BerthException.conflict(ContainerNames.conflictMessage(name, existing.id));
                            }
                        }).replaceWithVoid();
        return placement.choose(placed, placedHere).chain(chosen -> chosen.equals(nodeName)
                ? createHere(id, name, request, wanted, endpoints, nameCheck)
                : elsewhere.create(chosen, requestedName, request, apiVersion));
    }

    /** The create on this node: the image's layers, the bundle, the mounts, then the row and its event. */
    private Uni<String> createHere(String id, String name, JsonNode request, ContainerSpec wanted,
            Map<String, EndpointSpec> endpoints, Uni<Void> nameCheck) {
        String image = wanted.image();
        return nameCheck
                .chain(() -> donorsExist(NamespaceModes.donors(wanted.host())))
                .chain(() -> mounts.volumesFrom(wanted.host().volumesFrom(), ref -> lookup.find(ref).map(c -> c.mounts)))
                .chain(volumesFrom -> db.blocking(() -> {
                    JsonNode inspect = images.inspect(image);
                    ImageClient.ImageLayers layers = images.layers(image, inspect);
                    CreateSpec.Result spec = CreateSpec.build(id, image, request, inspect.path("Config"));
                    List<String> dirs;
                    try {
                        dirs = node.ensureLayers(layers.layers(), images);
                    } catch (RuntimeException stale) {
                        // an image removed and pulled again keeps its id but may have other blobs: ask once more
                        images.forget(layers.id());
                        dirs = node.ensureLayers(images.layers(image, inspect).layers(), images);
                    }
                    List<MountPoint> mountPoints = mounts.prepare(id, wanted.host(), spec.volumes(), volumesFrom);
                    node.prepareBundle(id, spec.hostname(), "host".equals(spec.networkMode()));
                    mounts.writeBundle(id, mountPoints);
                    String mode = networking.resolveMode(spec.networkMode());
                    spec.hostConfig().put("NetworkMode", mode);
                    networking.recordCreate(node.paths().bundle(id), mode, endpoints, wanted.macAddress());
                    String imageId = inspect.path("Id").asText(layers.id());
                    return new Prepared(spec, dirs, imageId, ContainerMounts.toJson(mountPoints));
                }))
                .chain(prepared -> db.tx(() -> chooseName(name).chain(finalName -> {
                    Container c = new Container();
                    c.id = id;
                    c.name = finalName;
                    c.image = image;
                    c.imageId = prepared.imageId();
                    c.config = prepared.spec().config().toString();
                    c.hostConfig = prepared.spec().hostConfig().toString();
                    c.path = prepared.spec().path();
                    c.args = ContainerJson.toJson(prepared.spec().args());
                    c.layers = ContainerJson.toJson(prepared.dirs());
                    c.state = Container.CREATED;
                    c.error = "";
                    c.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    c.node = nodeName;
                    c.mounts = prepared.mounts();
                    return db.insertRow(c)
                            .chain(() -> events.append("create", c, Map.of(), Map.of("networkMode",
                                    prepared.spec().networkMode(), "volumes", ContainerMounts.eventData(c.mounts))));
                })))
                .onFailure().call(failure -> db.blocking(() -> {
                    node.removeAll(id);
                    mounts.releaseQuietly(id, true);
                    return null;
                }).onFailure().recoverWithNull())
                .onFailure(UniqueNames::isViolation).transform(f -> BerthException.conflict(
                        ContainerNames.conflictMessage(name, "(another container)")))
                .replaceWith(id);
    }

    /** 404 No such container: x, as dockerd, for a missing container an IPC or PID mode joins. */
    private Uni<Void> donorsExist(List<String> donors) {
        Uni<Void> checked = Uni.createFrom().voidItem();
        for (String donor : donors) {
            checked = checked.chain(() -> lookup.find(donor)).replaceWithVoid();
        }
        return checked;
    }

    private record Prepared(CreateSpec.Result spec, List<String> dirs, String imageId, String mounts) {
    }

    private Uni<String> chooseName(String requested) {
        if (requested != null) {
            return lookup.byNameIn(requested).map(existing -> {
                if (existing != null) {
                    throw BerthException.conflict(ContainerNames.conflictMessage(requested, existing.id));
                }
                return requested;
            });
        }
        return lookup.namesIn().map(names -> ContainerNames.generate(Set.copyOf(names)::contains));
    }
}
