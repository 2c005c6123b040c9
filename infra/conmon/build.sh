#!/usr/bin/env bash
# infra/conmon/build.sh OUT: builds the vendored conmon (README.md here) into the file OUT.
# Lean: no journald (berth logs to k8s-file or nowhere, never to the journal), so no libsystemd and the six
# libraries it drags in; glib and pcre2 linked statically; only libc stays dynamic. Needs gcc, pkg-config,
# libglib2.0-dev and libpcre2-dev (the static libglib-2.0.a and libpcre2-8.a come with them on Debian).
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
  -Wl,--gc-sections -Wl,-O1 -Wl,--as-needed -s \
  -Wl,-Bstatic $(pkg-config --static --libs-only-l glib-2.0 | sed 's/-pthread//; s/-lm//') -Wl,-Bdynamic -lm -pthread
"$tmp" --version >/dev/null
mv "$tmp" "$out"
