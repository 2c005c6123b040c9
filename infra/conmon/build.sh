#!/usr/bin/env bash
# infra/conmon/build.sh OUT: builds the vendored conmon (README.md here) into the file OUT.
# Lean: no journald (berth logs to k8s-file or nowhere, never to the journal), so no libsystemd and the six
# libraries it drags in; linked statically, glib, pcre2 and libc alike, so nothing is loaded or relocated at start
# and no shared library's pages count in its RSS. Needs gcc, pkg-config, libglib2.0-dev and libpcre2-dev (Debian
# ships libglib-2.0.a, libpcre2-8.a and libc.a with them). The linker warns that glib's getpwnam_r/getpwuid(_r)
# would need NSS at run time: conmon never reaches them (g_get_home_dir and the like; traced: README.md).
set -Eeuo pipefail
out=${1:?usage: infra/conmon/build.sh OUT}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(<"$src/VERSION")
commit=$(<"$src/COMMIT")
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
gcc -std=c99 -Os -Wall -Wextra -Werror -ffunction-sections -fdata-sections \
  $(pkg-config --cflags glib-2.0) -DVERSION="\"$version\"" -DGIT_COMMIT="\"$commit\"" \
  -o "$tmp" "$src"/src/*.c \
  -static -s -Wl,--gc-sections -Wl,-O1 $(pkg-config --static --libs glib-2.0)
"$tmp" --version >/dev/null
mv "$tmp" "$out"
