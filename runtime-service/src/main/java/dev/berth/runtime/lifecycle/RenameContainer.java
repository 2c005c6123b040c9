package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerNames;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** docker rename. */
@ApplicationScoped
public class RenameContainer {
    @Inject
    ContainerTx db;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerEvents events;

    public Uni<Void> rename(String ref, String newNameParam) {
        String requested = newNameParam == null ? "" : newNameParam.strip();
        if (requested.isEmpty() || requested.equals("/")) {
            return Uni.createFrom().failure(BerthException.invalid("Neither old nor new names may be empty"));
        }
        String newName;
        try {
            newName = ContainerNames.validate(requested);
        } catch (BerthException e) {
            return Uni.createFrom().failure(e);
        }
        return lookup.find(ref).chain(c -> {
            if (c.name.equals(newName)) {
                return Uni.createFrom().failure(BerthException.invalid(
                        "Renaming a container with the same name as its current name"));
            }
            return db.tx(() -> Container.<Container>find("name", newName).firstResult().chain(existing -> {
                if (existing != null) {
                    throw BerthException.conflict(ContainerNames.conflictMessage(newName, existing.id));
                }
                return db.locked(c.id);
            }).chain(x -> {
                String oldName = x.name;
                x.name = newName;
                return events.append("rename", x, Map.of("oldName", "/" + oldName), Map.of());
            })).onFailure(UniqueNames::isViolation).transform(f -> BerthException.conflict(
                    ContainerNames.conflictMessage(newName, "(another container)")));
        });
    }
}
