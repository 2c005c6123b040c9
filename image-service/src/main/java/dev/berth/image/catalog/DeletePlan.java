package dev.berth.image.catalog;

import dev.berth.common.errors.BerthException;
import dev.berth.image.reference.Reference;
import dev.berth.image.store.Digests;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code docker rmi NAME} does to one image, decided like dockerd's ImageDelete: which tags go, whether the
 * image itself goes, or which conflict stops it.
 *
 * @param untag tags to remove, in order
 * @param delete whether the image is deleted
 */
public record DeletePlan(List<Reference> untag, boolean delete) {

    /**
     * @param imageId the resolved image
     * @param name the name as the user gave it
     * @param givenTag the tag the name resolved through, or null when the name is an id or id prefix
     * @param tags the image's tags
     * @param users containers created from the image
     * @param hasChildren whether other images name it as their parent (a conflict even with {@code force})
     */
    public static DeletePlan of(String imageId, String name, Reference givenTag, List<Reference> tags,
            List<ImageUser> users, boolean hasChildren, boolean force) {
        List<Reference> remaining = new ArrayList<>(tags);
        List<Reference> untag = new ArrayList<>();
        boolean removedRepositoryRef = false;
        if (givenTag != null) {
            if (!force && tags.size() == 1 && !users.isEmpty()) {
                throw BerthException.conflict("conflict: unable to remove repository reference \"" + name
                        + "\" (must force) - container " + Digests.shortId(users.get(0).containerId())
                        + " is using its referenced image " + Digests.shortId(imageId));
            }
            untag.add(givenTag);
            remaining.remove(givenTag);
            if (!remaining.isEmpty()) {
                return new DeletePlan(untag, false);
            }
            removedRepositoryRef = true;
        } else if (tags.size() == 1) {
            Conflict conflict = check(remaining, users, hasChildren, !force, false);
            if (conflict != null) {
                throw conflict.exception(imageId);
            }
            untag.addAll(remaining);
            remaining.clear();
        }
        Conflict conflict = check(remaining, users, hasChildren, !force, !force);
        if (conflict != null) {
            if (removedRepositoryRef) {
                // the image is now dangling: the untag alone is the result
                return new DeletePlan(untag, false);
            }
            throw conflict.exception(imageId);
        }
        untag.addAll(remaining);
        return new DeletePlan(untag, true);
    }

    private record Conflict(boolean hard, String message) {
        BerthException exception(String imageId) {
            return BerthException.conflict("conflict: unable to delete " + Digests.shortId(imageId) + " ("
                    + (hard ? "cannot be forced" : "must be forced") + ") - " + message);
        }
    }

    /** moby's checkImageDeleteConflict: children and running containers always, the rest unless forced. */
    private static Conflict check(List<Reference> remaining, List<ImageUser> users, boolean hasChildren,
            boolean stopped, boolean activeReference) {
        if (hasChildren) {
            return new Conflict(true, "image has dependent child images");
        }
        for (ImageUser u : users) {
            if (u.running()) {
                return new Conflict(true, "image is being used by running container "
                        + Digests.shortId(u.containerId()));
            }
        }
        if (activeReference && !remaining.isEmpty()) {
            return new Conflict(false, "image is referenced in multiple repositories");
        }
        if (stopped) {
            for (ImageUser u : users) {
                if (!u.running()) {
                    return new Conflict(false, "image is being used by stopped container " + Digests.shortId(u.containerId()));
                }
            }
        }
        return null;
    }
}
