#!/usr/bin/env bash
# Checks that infra/busybox-rootfs.sh builds a usable root filesystem: unpack it and run a shell in it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$here/busybox-rootfs.sh" "$work/rootfs.tar"

owners=$(tar --numeric-owner -tvf "$work/rootfs.tar" | awk '{print $2}' | sort -u)
[[ $owners == "0/0" ]] || { echo "FAIL: rootfs entries not all owned by 0/0: $owners" >&2; exit 1; }

mkdir "$work/root"
tar -C "$work/root" -xpf "$work/rootfs.tar"
[[ -L $work/root/bin/sh ]] || { echo "FAIL: bin/sh is not a symlink to busybox" >&2; exit 1; }

if [[ $(id -u) -ne 0 ]]; then
  echo "test-busybox-rootfs: tar ok; chroot check skipped (needs root)"
  exit 0
fi
out=$(chroot "$work/root" /bin/sh -c 'echo ok; id -un; ls /bin/ls >/dev/null && echo ls-ok')
expected=$'ok\nroot\nls-ok'
[[ $out == "$expected" ]] || { echo "FAIL: chroot run printed: $out" >&2; exit 1; }
echo "test-busybox-rootfs: ok"
