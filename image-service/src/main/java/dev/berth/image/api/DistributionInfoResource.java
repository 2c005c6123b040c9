package dev.berth.image.api;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.DockerError;
import dev.berth.common.errors.ErrorKind;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.registry.ManifestInspector;
import dev.berth.image.registry.RegistryCredentials;
import dev.berth.image.registry.RegistryEndpoint;
import dev.berth.image.registry.RegistryException;
import dev.berth.image.registry.RegistrySession;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /distribution/{name}/json} ({@code docker manifest inspect}-like, docker-py's
 * {@code inspect_distribution}): asks the registry for the manifest, pulls nothing. Credentials come in
 * {@code X-Registry-Auth} as for a pull; an unreadable header counts as none, as in dockerd.
 */
@Path("/distribution")
@Produces(MediaType.APPLICATION_JSON)
public class DistributionInfoResource {
    private static final Pattern FULL_ID = Pattern.compile("^(sha256:)?[a-f0-9]{64}$");

    private final ManifestInspector inspector;
    private final String insecureRegistries;

    public DistributionInfoResource(ManifestInspector inspector,
            @ConfigProperty(name = "berth.insecure-registries") Optional<String> insecureRegistries) {
        this.inspector = inspector;
        this.insecureRegistries = insecureRegistries.orElse("");
    }

    @GET
    @Path("{name: .+}/json")
    @Blocking
    public Response inspect(@PathParam("name") String name,
            @HeaderParam("X-Registry-Auth") String auth) {
        if (FULL_ID.matcher(name).matches()) {
            throw new BerthException(ErrorKind.INTERNAL, "no manifest found for full image ID");
        }
        Reference ref = ReferenceParser.parse(name).withDefaultTag();
        RegistrySession session = new RegistrySession(RegistryEndpoint.of(ref, insecureRegistries),
                credentials(auth));
        try {
            return Response.ok(DistributionInspect.of(inspector.inspect(session, ref))).build();
        } catch (RegistryException e) {
            // the registry's status, which no error kind carries (401, 429, ...)
            return Response.status(RegistryErrorStatus.of(e)).type(MediaType.APPLICATION_JSON)
                    .entity(DockerError.of(e)).build();
        }
    }

    private static RegistryCredentials credentials(String header) {
        try {
            return RegistryCredentials.fromHeader(header);
        } catch (BerthException e) {
            return null;
        }
    }
}
