#!/usr/bin/env bash
# infra/conmon/test-glib-lite.sh: builds and runs glib-lite's tests (glib-lite-test/) with musl-gcc, as build.sh
# builds conmon; `berth test` runs it with the unit tests.
set -Eeuo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
musl-gcc -std=gnu99 -O1 -g -Wall -Wextra -Werror -I "$src/glib-lite" \
  -o "$out/test" "$src"/glib-lite-test/*.c "$src"/glib-lite/*.c -static
"$out/test"
