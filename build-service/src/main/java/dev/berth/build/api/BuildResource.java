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
import java.util.List;
import java.util.Map;

/**
 * The internal {@code GET /build/jobs} and {@code POST /build/worker}; the build itself is {@link BuildRoutes}, the
 * cache's {@code POST /build/prune} {@link BuildCacheResource}.
 */
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
}
