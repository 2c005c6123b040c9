package dev.berth.runtime.node;

import dev.berth.common.digest.ChainIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unpacked image layers, shared by all containers of the node: {@code layers/<short chain id>}. Each layer is unpacked
 * once, into a temporary directory that is renamed into place (atomic; a concurrent unpack of the same layer loses
 * the rename and throws its copy away).
 */
public final class LayerStore {
    public static final int SHORT_ID = 16;

    /** Where layer blobs come from (image-service over HTTP in production). */
    public interface BlobSource {
        InputStream open(String digest) throws IOException;
    }

    public record Layer(String diffId, String digest) {
    }

    private final Path root;
    private final LayerUnpacker unpacker;
    private final CommittedLayers committed;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public LayerStore(Path root, LayerUnpacker unpacker) {
        this(root, unpacker, null);
    }

    /** {@code committed}: layers this node committed, adopted as they are when an image uses them (may be null). */
    public LayerStore(Path root, LayerUnpacker unpacker, CommittedLayers committed) {
        this.root = root;
        this.unpacker = unpacker;
        this.committed = committed;
    }

    public Path root() {
        return root;
    }

    /** ChainIDs per the OCI image spec ({@link ChainIds}). */
    public static List<String> chainIds(List<String> diffIdsBottomFirst) {
        return ChainIds.of(diffIdsBottomFirst);
    }

    public static String shortId(String chainId) {
        String hex = chainId.startsWith("sha256:") ? chainId.substring(7) : chainId;
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + chainId);
        }
        return hex.substring(0, SHORT_ID);
    }

    /**
     * Makes sure every layer is unpacked; returns the layer directory names (relative to {@link #root()}),
     * TOPMOST FIRST, ready for overlay's lowerdir.
     */
    public List<String> ensure(List<Layer> layersBottomFirst, BlobSource blobs) throws IOException {
        Files.createDirectories(root);
        for (Layer layer : layersBottomFirst) {
            if (layer.diffId() == null) {
                throw new IOException("layer " + layer.digest() + " has no diff id in its image's config");
            }
        }
        List<String> chain = chainIds(layersBottomFirst.stream().map(Layer::diffId).toList());
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < layersBottomFirst.size(); i++) {
            String name = shortId(chain.get(i));
            ensureOne(name, layersBottomFirst.get(i), blobs);
            dirs.add(0, name);
        }
        if (dirs.isEmpty()) {
            // an image without layers (FROM scratch, nothing added): overlay still needs a lower dir
            Path empty = root.resolve("empty");
            Files.createDirectories(empty);
            dirs.add("empty");
        }
        return dirs;
    }

    private void ensureOne(String name, Layer layer, BlobSource blobs) throws IOException {
        Path target = root.resolve(name);
        if (Files.isDirectory(target)) {
            return;
        }
        synchronized (locks.computeIfAbsent(name, k -> new Object())) {
            if (Files.isDirectory(target)) {
                return;
            }
            if (adoptCommitted(layer, target)) {
                return;
            }
            Path tmp = root.resolve(".tmp-" + name + "-" + UUID.randomUUID());
            Files.createDirectory(tmp);
            try {
                String diffId;
                // the diff id (in the config, which the image id covers) proves the unpacked content by itself; the
                // compressed blob's digest is not hashed again (hashing is the dearest part of unpacking)
                try (InputStream in = blobs.open(layer.digest())) {
                    diffId = unpacker.unpack(in, tmp);
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                if (!diffId.equals(layer.diffId())) {
                    throw new IOException("layer " + layer.digest() + " has diff id " + diffId + ", the image says "
                            + layer.diffId());
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    // another process unpacked it first: theirs is as good as ours
                    LayerUnpacker.deleteTree(tmp);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot rename " + tmp + " into place", e);
                }
            } catch (IOException | RuntimeException e) {
                try {
                    LayerUnpacker.deleteTree(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /**
     * Deletes the unpacked layers no one needs: neither a chain id in {@code chains} (the layers of the images
     * image-service has) nor a directory in {@code used} (the layers of this node's containers), and put in place
     * before {@code before} (their ctime: a layer unpacked meanwhile, for a container being made, stays). Each goes
     * under its layer's lock, renamed aside first, so an {@link #ensure} never finds half of one. Answers the names.
     */
    public List<String> sweep(Set<String> chains, Set<String> used, Instant before) throws IOException {
        Set<String> wanted = new HashSet<>(used);
        chains.forEach(chain -> wanted.add(shortId(chain)));
        List<String> deleted = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return deleted;
        }
        List<Path> candidates;
        try (var list = Files.list(root)) {
            candidates = list.filter(p -> p.getFileName().toString().matches("[0-9a-f]{" + SHORT_ID + "}"))
                    .filter(p -> !wanted.contains(p.getFileName().toString())).toList();
        }
        for (Path layer : candidates) {
            String name = layer.getFileName().toString();
            synchronized (locks.computeIfAbsent(name, k -> new Object())) {
                FileTime changed;
                try {
                    changed = (FileTime) Files.getAttribute(layer, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (!changed.toInstant().isBefore(before)) {
                    continue;
                }
                Path aside = root.resolve(".gc-" + name + "-" + UUID.randomUUID());
                Files.move(layer, aside, StandardCopyOption.ATOMIC_MOVE);
                LayerUnpacker.deleteTree(aside);
                deleted.add(name);
            }
        }
        return deleted;
    }

    /** Renames the layer into place if this node committed it lately ({@link CommittedLayers}). */
    private boolean adoptCommitted(Layer layer, Path target) throws IOException {
        Optional<Path> kept = committed == null ? Optional.empty() : committed.take(layer.diffId());
        if (kept.isEmpty()) {
            return false;
        }
        try {
            Files.move(kept.get(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            LayerUnpacker.deleteTree(kept.get()); // another process put it in place first
        } catch (AtomicMoveNotSupportedException e) {
            LayerUnpacker.deleteTree(kept.get());
            return false;
        }
        return true;
    }
}
