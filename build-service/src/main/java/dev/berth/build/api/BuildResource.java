package dev.berth.build.api;

import dev.berth.build.queue.BuildJobs;
import dev.berth.build.queue.BuildQueueConfig;
import dev.berth.build.queue.BuildWorker;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /build/prune} and the internal {@code GET /build/jobs}; the build itself is {@link BuildRoutes}. */
@Path("/build")
@Produces(MediaType.APPLICATION_JSON)
public class BuildResource {
    @Inject
    BuildJobs jobs;
    @Inject
    BuildWorker worker;
    @Inject
    BuildQueueConfig config;

    /** The newest builds of the queue, for operators and tests (not a Docker endpoint). */
    @GET
    @Path("jobs")
    public List<JobSummary> jobs(@QueryParam("limit") @DefaultValue("50") int limit) {
        return jobs.recent(Math.max(1, Math.min(limit, 1000))).stream().map(BuildResource::summary).toList();
    }

    /**
     * {@code POST /build/worker?paused=1|0} (internal): drains this process's worker (it takes no new job; the one
     * it runs goes on) or lets it take jobs again; 404 in a process without a worker.
     */
    @POST
    @Path("worker")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> worker(@QueryParam("paused") @DefaultValue("1") String paused) {
        if (!worker.runs()) {
            throw new BerthException(ErrorKind.NOT_FOUND, "this build-service process runs no build worker");
        }
        worker.pause(paused.equals("1") || paused.equalsIgnoreCase("true"));
        return Map.of("Worker", config.workerId(), "Paused", worker.paused());
    }

    private static JobSummary summary(BuildJobs.Row row) {
        return new JobSummary(row.id(), row.state(), row.worker(), row.attempt(), row.lastFinishedStep(),
                row.tags(), text(row.createdAt()), text(row.startedAt()), text(row.finishedAt()));
    }

    private static String text(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    /**
     * {@code POST /build/prune} (docker builder prune, docker system prune): there is no build cache yet, so nothing
     * is deleted and nothing reclaimed.
     */
    @POST
    @Path("prune")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> prune() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("CachesDeleted", List.of());
        out.put("SpaceReclaimed", 0);
        return out;
    }
}
