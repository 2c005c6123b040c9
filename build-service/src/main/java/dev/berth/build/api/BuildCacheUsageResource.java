package dev.berth.build.api;

import dev.berth.build.cache.CacheAccounting;
import dev.berth.build.cache.CacheRecord;
import dev.berth.build.cache.CacheUsage;
import dev.berth.build.cache.JdbcCacheRecords;
import dev.berth.build.node.ImageStore;
import dev.berth.common.contract.DiskUsagePart;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code BuildCache} part of {@code docker system df}: {@code GET /internal/df}, which the gateway merges with
 * the other services' parts. README "Build cache" says what a record, its size and "shared" mean.
 */
@Path("/internal/df")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BuildCacheUsageResource {
    @Inject
    DataSource db;
    @ConfigProperty(name = "berth.image-url")
    String imageUrl;

    @GET
    public DiskUsagePart df() {
        CacheAccounting.Snapshot snapshot = new CacheAccounting(new JdbcCacheRecords(db), new ImageStore(imageUrl))
                .snapshot();
        List<BuildCacheItem> out = new ArrayList<>();
        for (CacheUsage.Entry e : snapshot.entries()) {
            if (!e.present()) {
                continue;
            }
            CacheRecord r = e.record();
            String parent = snapshot.parents().get(r.id());
            out.add(new BuildCacheItem(r.id(), parent == null ? List.of() : List.of(parent), "regular",
                    r.instruction(), r.inUse(), e.shared(), e.size(), r.createdAt().toString(),
                    r.lastUsed().toString(), r.usageCount()));
        }
        return DiskUsagePart.buildCache(out);
    }
}
