package dev.berth.image.catalog;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry manifests of images (pulled or built for a push) and where blobs are known to live in registries. Every
 * method runs inside the caller's Panache session or transaction, on the event loop.
 */
@ApplicationScoped
public class ManifestCatalog {

    public Uni<Void> record(String imageId, StoredManifest manifest) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into image_manifest"
                        + " (digest, image_id, media_type, content) values (:d, :i, :m, :c) on conflict do nothing")
                .setParameter("d", manifest.digest())
                .setParameter("i", imageId)
                .setParameter("m", manifest.mediaType())
                .setParameter("c", manifest.content())
                .executeUpdate()
                .chain(n -> Sequential.each(manifest.blobs(), blob -> s.createNativeQuery(
                                "insert into image_manifest_blob (manifest_digest, blob_digest) values (:d, :b)"
                                        + " on conflict do nothing")
                        .setParameter("d", manifest.digest())
                        .setParameter("b", blob)
                        .executeUpdate())));
    }

    /** The image's manifests, newest first. */
    public Uni<List<StoredManifest>> manifestsOf(String imageId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select m.digest, m.media_type, m.content,"
                        + " b.blob_digest from image_manifest m left join image_manifest_blob b"
                        + " on b.manifest_digest = m.digest where m.image_id = :i order by m.recorded_at desc",
                        Object[].class)
                .setParameter("i", imageId)
                .getResultList()
                .map(rows -> {
                    Map<String, Object[]> heads = new LinkedHashMap<>();
                    Map<String, List<String>> blobs = new HashMap<>();
                    for (Object[] row : rows) {
                        String digest = (String) row[0];
                        heads.putIfAbsent(digest, row);
                        List<String> list = blobs.computeIfAbsent(digest, k -> new ArrayList<>());
                        if (row[3] != null) {
                            list.add((String) row[3]);
                        }
                    }
                    List<StoredManifest> out = new ArrayList<>();
                    heads.forEach((digest, row) -> out.add(new StoredManifest(digest, (String) row[1],
                            (byte[]) row[2], blobs.get(digest))));
                    return out;
                }));
    }

    /** A manifest by digest (any image), or null. */
    public Uni<StoredManifest> manifest(String digest) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select media_type, content from image_manifest where digest = :d", Object[].class)
                .setParameter("d", digest)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null
                        : new StoredManifest(digest, (String) rows.get(0)[0], (byte[]) rows.get(0)[1], List.of())));
    }

    public Uni<Void> recordLocations(List<String> blobs, String registry, String repository) {
        return Panache.getSession().chain(s -> Sequential.each(blobs, blob -> s.createNativeQuery(
                        "insert into blob_location (blob_digest, registry, repository) values (:b, :r, :p)"
                                + " on conflict (blob_digest, registry, repository) do update set seen_at = now()")
                .setParameter("b", blob)
                .setParameter("r", registry)
                .setParameter("p", repository)
                .executeUpdate()));
    }

    /** Repositories of {@code registry} known to hold each blob, most recently seen first. */
    public Uni<Map<String, List<String>>> locations(List<String> blobs, String registry) {
        if (blobs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select blob_digest, repository from blob_location"
                        + " where registry = :r and blob_digest in (:b) order by seen_at desc", Object[].class)
                .setParameter("r", registry)
                .setParameter("b", blobs)
                .getResultList()
                .map(rows -> {
                    Map<String, List<String>> out = new HashMap<>();
                    rows.forEach(r -> out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]));
                    return out;
                }));
    }
}
