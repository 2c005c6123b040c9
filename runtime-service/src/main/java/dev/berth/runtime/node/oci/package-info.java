/**
 * The OCI runtime spec (runc's config.json) as typed records, serialized with Jackson with nulls left out.
 * {@link dev.berth.runtime.node.OciSpecWriter} assembles one {@link OciSpec} from typed parts (Docker's defaults,
 * isolation, resources, mounts, seccomp) and writes it once; nothing reads config.json back to edit it.
 */
package dev.berth.runtime.node.oci;
