#!/usr/bin/env bash
# Builds a minimal busybox root filesystem as a tar (for `docker import`) from Debian's busybox-static:
# bin/busybox, one symlink per applet, /etc/passwd and /etc/group, all owned by 0:0.
# Usage: infra/busybox-rootfs.sh <out.tar>      (BUSYBOX=/path/to/static/busybox to use another binary)
set -euo pipefail

out=${1:?usage: busybox-rootfs.sh <out.tar>}
busybox=${BUSYBOX:-/bin/busybox}

[[ -x $busybox ]] || { echo "busybox-rootfs: $busybox not found (apt-get install busybox-static)" >&2; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

mkdir -p "$dir"/{bin,etc,proc,sys,dev,tmp,root,var,home}
chmod 1777 "$dir/tmp"
chmod 0700 "$dir/root"
install -m 0755 "$busybox" "$dir/bin/busybox"

while read -r applet; do
  [[ -n $applet && $applet != busybox ]] || continue
  ln -s busybox "$dir/bin/$applet"
done < <("$busybox" --list)

cat >"$dir/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
cat >"$dir/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
chmod 0644 "$dir/etc/passwd" "$dir/etc/group"

# Sorted names and a fixed mtime: the same busybox binary always gives the same layer digest.
tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 \
  -C "$dir" -cf "$out" bin etc proc sys dev tmp root var home
