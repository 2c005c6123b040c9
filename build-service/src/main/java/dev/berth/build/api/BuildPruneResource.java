package dev.berth.build.api;

import dev.berth.build.cache.CacheAccounting;
import dev.berth.build.cache.CachePrune;
import dev.berth.build.cache.JdbcCacheRecords;
import dev.berth.build.node.ImageStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /build/prune} ({@code docker builder prune}, {@code docker system prune}): deletes the selected
 * build cache records and the images only they held. README "Build cache" says which and how they are counted.
 */
@Path("/build/prune")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BuildPruneResource {
    @Inject
    DataSource db;
    @ConfigProperty(name = "berth.image-url")
    String imageUrl;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> prune(@QueryParam("all") String all, @QueryParam("keep-storage") String keepStorage,
            @QueryParam("reserved-space") String reservedSpace, @QueryParam("max-used-space") String maxUsedSpace,
            @QueryParam("min-free-space") String minFreeSpace, @QueryParam("filters") String filters) {
        long keep = Math.max(ByteSizes.parse("keep-storage", keepStorage),
                Math.max(ByteSizes.parse("reserved-space", reservedSpace), ByteSizes.parse("max-used-space", maxUsedSpace)));
        ByteSizes.parse("min-free-space", minFreeSpace); // checked as dockerd does; not acted on (README)
        CachePrune request = CachePrune.parse(BuildRequestParser.bool(all, false), keep, filters);
        CacheAccounting.Pruned pruned = new CacheAccounting(new JdbcCacheRecords(db), new ImageStore(imageUrl))
                .prune(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("CachesDeleted", pruned.deleted());
        out.put("SpaceReclaimed", pruned.reclaimed());
        return out;
    }
}
