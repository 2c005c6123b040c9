package dev.berth.runtime.service;

import dev.berth.runtime.images.ImageClient;
import dev.berth.runtime.node.CommittedLayers;
import dev.berth.runtime.node.Conmon;
import dev.berth.runtime.node.FifoPool;
import dev.berth.runtime.node.HostProcessRunner;
import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.LayerStore;
import dev.berth.runtime.node.LayerUnpacker;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.OverlayMounts;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.Runc;
import dev.berth.runtime.node.Seccomp;
import dev.berth.runtime.node.HostInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the node layer from configuration. */
@ApplicationScoped
public class NodeBeans {

    @Produces
    @Singleton
    NodePaths paths(@ConfigProperty(name = "berth.data-dir") String data, @ConfigProperty(name = "berth.run-dir") String run) {
        return new NodePaths(Path.of(data), Path.of(run));
    }

    @Produces
    @Singleton
    ProcessRunner runner() {
        return new HostProcessRunner();
    }

    @Produces
    @Singleton
    KernelFiles kernel() {
        return KernelFiles.HOST;
    }

    @Produces
    @Singleton
    OverlayMounts overlay(ProcessRunner runner, KernelFiles kernel) {
        return new OverlayMounts(runner, kernel);
    }

    @Produces
    @Singleton
    Runc runc(ProcessRunner runner, NodePaths paths) {
        return new Runc(runner, paths.runcRoot());
    }

    @Produces
    @Singleton
    FifoPool fifos(ProcessRunner runner, NodePaths paths) {
        return new FifoPool(runner, paths.spareFifos(), work -> {
            Thread refill = new Thread(work, "berth-fifo-refill");
            refill.setDaemon(true);
            refill.start();
        });
    }

    @Produces
    @Singleton
    Conmon conmon(ProcessRunner runner, NodePaths paths, KernelFiles kernel, FifoPool fifos,
            @ConfigProperty(name = "berth.conmon") String binary) {
        return new Conmon(runner, paths, kernel, fifos, binary);
    }

    @Produces
    @Singleton
    LayerStore layers(ProcessRunner runner, NodePaths paths, CommittedLayers committed) {
        return new LayerStore(paths.layers(), new LayerUnpacker(runner), committed);
    }

    @Produces
    @Singleton
    CommittedLayers committedLayers(ProcessRunner runner, NodePaths paths) {
        return new CommittedLayers(paths.committedLayers(), new LayerUnpacker(runner));
    }

    @Produces
    @Singleton
    Seccomp seccomp(@ConfigProperty(name = "berth.seccomp-profile") java.util.Optional<String> profile,
            @ConfigProperty(name = "berth.seccomp-32bit", defaultValue = "false") boolean with32Bit,
            KernelFiles kernel) {
        return Seccomp.fromFile(profile.orElse(""), new HostInfo(kernel).release(), with32Bit);
    }

    @Produces
    @Singleton
    ImageClient images(@ConfigProperty(name = "berth.image-url") String url) {
        return new ImageClient(url);
    }
}
