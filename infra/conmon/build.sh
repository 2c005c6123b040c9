#!/usr/bin/env bash
# infra/conmon/build.sh OUT: builds the vendored conmon (README.md here) into the file OUT.
# Lean: linked statically against musl and glib-lite (glib-lite/: the forty-odd GLib calls conmon makes, without
# GLib's start-up), without journald or seccomp notify; ≈ 0.25 MiB resident per conmon where a static GLib and
# glibc build is 1.4 MiB. Needs musl-tools (musl-gcc) and the kernel's headers (linux-libc-dev), which musl-gcc
# leaves out of its include path: a directory of links to them is passed instead.
set -Eeuo pipefail
out=${1:?usage: infra/conmon/build.sh OUT}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(<"$src/VERSION")
commit=$(<"$src/COMMIT")
tmp=$out.tmp.$$
headers=$(mktemp -d)
trap 'rm -rf "$tmp" "$headers"' EXIT
arch_headers=/usr/include/$(gcc -print-multiarch)
ln -s /usr/include/linux "$headers/linux"
ln -s /usr/include/asm-generic "$headers/asm-generic"
ln -s "$arch_headers/asm" "$headers/asm"
musl-gcc -std=gnu99 -Os -Wall -Wextra -Werror -ffunction-sections -fdata-sections \
  -I "$src/glib-lite" -isystem "$headers" -DVERSION="\"$version\"" -DGIT_COMMIT="\"$commit\"" \
  -o "$tmp" "$src"/src/*.c "$src"/glib-lite/*.c \
  -static -s -Wl,--gc-sections -Wl,-O1
"$tmp" --version >/dev/null
mv "$tmp" "$out"
