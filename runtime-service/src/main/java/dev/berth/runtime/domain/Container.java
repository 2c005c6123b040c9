package dev.berth.runtime.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A container of this node. */
@Entity
@Table(name = "container")
public class Container extends PanacheEntityBase {
    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String RESTARTING = "restarting";
    public static final String EXITED = "exited";
    public static final String DEAD = "dead";
    public static final String REMOVING = "removing";

    @Id
    public String id;
    /** Without the leading slash. */
    public String name;
    /** The image as the user named it. */
    public String image;
    @Column(name = "image_id")
    public String imageId;
    /** Docker's Config (merged with the image's), JSON. */
    public String config;
    /** Docker's HostConfig with defaults, JSON. */
    @Column(name = "host_config")
    public String hostConfig;
    public String path;
    /** JSON array. */
    public String args;
    /** JSON array of layer directory names, topmost first. */
    public String layers;
    public String state;
    public int pid;
    @Column(name = "exit_code")
    public int exitCode;
    @Column(name = "oom_killed")
    public boolean oomKilled;
    public String error;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @Column(name = "restart_count")
    public int restartCount;
    public String node;
    /** JSON array of the container's mounts (dev.berth.runtime.mounts.MountPoint). */
    public String mounts;
    /** Stopped or killed through the API: restart policies leave it alone (Docker's HasBeenManuallyStopped). */
    @Column(name = "manually_stopped")
    public boolean manuallyStopped;
    /** Docker's State.Health as JSON, null without a health check. */
    public String health;

    /**
     * What the verbs and views act on from the Config and HostConfig columns, read into types on each call: a
     * caller that needs several fields holds the result.
     */
    public dev.berth.runtime.spec.StoredSettings settings() {
        return dev.berth.runtime.spec.StoredSettings.of(ContainerJson.readTree(config),
                ContainerJson.readTree(hostConfig));
    }

    /** Config.Labels alone, for label filters and events (cheaper than {@link #settings()}). */
    public dev.berth.runtime.spec.ContainerLabels labels() {
        return dev.berth.runtime.spec.ContainerLabels.of(ContainerJson.readTree(config));
    }

    /** Docker's IsRunning, from the state table ({@link ContainerState#isRunning}). */
    public boolean isRunning() {
        return ContainerState.of(state).isRunning();
    }
}
