package dev.berth.build.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.build.node.ImageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build cache for {@code docker system df} and {@code docker builder prune}: the records of
 * {@code build_cache} weighed against the images image-service has ({@link CacheUsage}), and pruning them: the
 * selected records are deleted, and with them the images only they held, leaves first.
 */
public class CacheAccounting {
    private final JdbcCacheRecords records;
    private final ImageStore images;

    public CacheAccounting(JdbcCacheRecords records, ImageStore images) {
        this.records = records;
        this.images = images;
    }

    /** The cache as it stands: entries whose image still exists, and each record's parent record id. */
    public record Snapshot(List<CacheUsage.Entry> entries, Map<String, String> parents, CacheUsage usage) {
    }

    /** What a prune did. */
    public record Pruned(List<String> deleted, long reclaimed) {
    }

    public Snapshot snapshot() {
        List<CacheRecord> all = records.all();
        Map<String, CacheUsage.Image> known = new HashMap<>();
        for (JsonNode image : images.images()) {
            boolean tagged = false;
            for (JsonNode tag : image.path("RepoTags")) {
                tagged |= !tag.asText().equals("<none>:<none>");
            }
            String id = image.path("Id").asText();
            known.put(id, new CacheUsage.Image(id, image.path("ParentId").asText(""),
                    tagged || image.path("Containers").asLong(0) > 0, image.path("Size").asLong(0),
                    image.path("SharedSize").asLong(0)));
        }
        CacheUsage usage = new CacheUsage(known);
        Map<String, String> recordOfImage = new HashMap<>();
        all.forEach(r -> recordOfImage.putIfAbsent(r.child(), r.id()));
        Map<String, String> parents = new HashMap<>();
        all.forEach(r -> {
            String parentRecord = recordOfImage.get(r.parent());
            if (parentRecord != null) {
                parents.put(r.id(), parentRecord);
            }
        });
        return new Snapshot(usage.entries(all), parents, usage);
    }

    public Pruned prune(CachePrune request) {
        Snapshot now = snapshot();
        List<CacheUsage.Entry> selected = request.select(now.entries(), now.parents(), Instant.now());
        List<String> deleted = new ArrayList<>();
        Set<String> freed = new LinkedHashSet<>();
        for (CacheUsage.Entry e : selected) {
            if (records.delete(e.record())) {
                deleted.add(e.record().id());
                freed.add(e.record().child());
            }
        }
        Set<String> referenced = new LinkedHashSet<>();
        now.entries().stream().filter(e -> !selected.contains(e)).forEach(e -> referenced.add(e.record().child()));
        freed.removeAll(referenced);
        Set<String> removable = now.usage().withOrphanedParents(now.usage().removable(freed), referenced);
        long reclaimed = 0;
        for (String image : now.usage().leavesFirst(removable)) {
            long size = now.usage().layerSize(image);
            if (images.delete(image)) {
                reclaimed += size;
            }
        }
        return new Pruned(deleted, reclaimed);
    }
}
