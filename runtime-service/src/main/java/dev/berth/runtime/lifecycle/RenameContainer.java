package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.ContainerNames;
import dev.berth.runtime.service.VerbSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** docker rename. */
@ApplicationScoped
public class RenameContainer {
    @Inject
    VerbSupport support;

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
        return support.lookup().find(ref).chain(c -> {
            if (c.name.equals(newName)) {
                return Uni.createFrom().failure(BerthException.invalid(
                        "Renaming a container with the same name as its current name"));
            }
            return support.db().tx(() -> support.lookup().byNameIn(newName).chain(existing -> {
                if (existing != null) {
                    throw BerthException.conflict(ContainerNames.conflictMessage(newName, existing.id));
                }
                return support.db().locked(c.id);
            }).chain(x -> {
                String oldName = x.name;
                x.name = newName;
                return support.events().append("rename", x, Map.of("oldName", "/" + oldName), Map.of());
            })).onFailure(UniqueNames::isViolation).transform(f -> BerthException.conflict(
                    ContainerNames.conflictMessage(newName, "(another container)")));
        });
    }
}
