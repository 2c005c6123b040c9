package dev.berth.build.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the build cache holds on disk, from its records and the images on this machine. A record's size is the
 * layer its step added ({@link #layerSize}; 0 for a metadata step). An image can go with its
 * records only when it is untagged, no container uses it, and it is not the parent (or further ancestor) of an
 * image that stays; a record whose image cannot go is {@code Shared} (its bytes belong to something kept too).
 */
public final class CacheUsage {
    /**
     * An image as image-service lists it: kept when it has a tag or a container; {@code sharedSize} is what of it
     * other images use too.
     */
    public record Image(String id, String parent, boolean kept, long size, long sharedSize) {
    }

    /** A record with its size and whether its image is shared with something that stays. */
    public record Entry(CacheRecord record, long size, boolean shared, boolean present) {
    }

    private final Map<String, Image> images;

    public CacheUsage(Map<String, Image> images) {
        this.images = images;
    }

    /** Every record with its accounting (records whose image is gone are {@code present == false}). */
    public List<Entry> entries(List<CacheRecord> records) {
        Set<String> free = removable(records.stream().map(CacheRecord::child).toList());
        List<Entry> out = new ArrayList<>();
        for (CacheRecord r : records) {
            Image image = images.get(r.child());
            out.add(new Entry(r, layerSize(r.child()), image != null && !free.contains(r.child()), image != null));
        }
        return out;
    }

    /**
     * The bytes the image's own layer takes (0 when the image is unknown): its size minus its parent's, or, when
     * the parent is gone (a base image removed after the build), the bytes no other image shares.
     */
    public long layerSize(String imageId) {
        Image image = images.get(imageId);
        if (image == null) {
            return 0;
        }
        Image parent = image.parent() == null || image.parent().isEmpty() ? null : images.get(image.parent());
        return Math.max(0, parent == null ? image.size() - image.sharedSize() : image.size() - parent.size());
    }

    /**
     * Of the {@code candidates}, the images that can be deleted together: not kept, and no ancestor of an image
     * outside the set (every other image stays, and with it its whole parent chain).
     */
    public Set<String> removable(Collection<String> candidates) {
        Set<String> out = new HashSet<>();
        for (String id : candidates) {
            Image image = images.get(id);
            if (image != null && !image.kept()) {
                out.add(id);
            }
        }
        for (Image image : images.values()) {
            if (!out.contains(image.id())) {
                ancestors(image).forEach(out::remove);
            }
        }
        return out;
    }

    /**
     * {@code removable} grown by the parents that go with it as {@code docker rmi} takes untagged parents along:
     * a parent that is not kept, that no remaining record ({@code referenced}) names, and whose children all go
     * (an intermediate image whose own record was pruned earlier while a child still needed it).
     */
    public Set<String> withOrphanedParents(Set<String> removable, Set<String> referenced) {
        Map<String, List<String>> children = new HashMap<>();
        images.values().forEach(i -> children.computeIfAbsent(i.parent(), k -> new ArrayList<>()).add(i.id()));
        Set<String> out = new HashSet<>(removable);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String id : List.copyOf(out)) {
                Image parent = images.get(images.get(id).parent());
                if (parent != null && !out.contains(parent.id()) && !parent.kept()
                        && !referenced.contains(parent.id()) && out.containsAll(children.get(parent.id()))) {
                    out.add(parent.id());
                    grew = true;
                }
            }
        }
        return out;
    }

    /** Parents before children reversed: the order in which a set of images can be deleted, leaves first. */
    public List<String> leavesFirst(Set<String> ids) {
        List<String> out = new ArrayList<>(ids);
        out.sort((a, b) -> Integer.compare(ancestors(images.get(b)).size(), ancestors(images.get(a)).size()));
        return out;
    }

    private List<String> ancestors(Image image) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Image current = image;
        while (current != null && current.parent() != null && !current.parent().isEmpty()
                && seen.add(current.parent())) {
            out.add(current.parent());
            current = images.get(current.parent());
        }
        return out;
    }
}
