# bench/lib.sh: helpers shared by the bench scripts (sourced, not run).

# median < numbers -> the median (mean of the two middle values for an even count)
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ratio_row NAME BERTH PODMAN DOCKER UNIT SCALE -> one markdown row "| name | b | p | d | b/p | b/d |"
# (values in seconds or KiB, shown times SCALE in UNIT; an engine that did not run (empty value) is shown as –,
# and so is a ratio to an empty or zero value)
ratio_row() {
  awk -v s="$1" -v b="$2" -v p="$3" -v d="$4" -v u="$5" -v k="$6" '
    function shown(x) { return x == "" ? "–" : sprintf("%.*f %s", (x*k < 10 ? 2 : 0), x*k, u) }
    function ratio(x, y) { return (x == "" || y == "" || y + 0 <= 0) ? "–" : sprintf("%.2f×", x / y) }
    BEGIN { printf "| %s | %s | %s | %s | %s | %s |\n", s, shown(b), shown(p), shown(d), ratio(b, p), ratio(b, d) }'
}

# table_header FIRST_COLUMN -> the header of a ratio_row table
table_header() {
  printf '| %s | berth | podman 4.3 | dockerd 20.10 | berth / podman | berth / dockerd |\n|---|---|---|---|---|---|\n' "$1"
}

# hyperfine_median WARMUPS JSON COMMAND -> the median seconds of RUNS runs (hyperfine -N), raw results in JSON
hyperfine_median() {
  hyperfine -N -w "$1" -r "$RUNS" --export-json "$2" "$3" >/dev/null 2>&1
  jq -r '.results[0].median' "$2"
}

# tree PID -> the process and all its descendants, one pid a line
tree() {
  local pid=$1 child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null || true); do tree "$child"; done
}

# kib FIELD PID... -> the sum of that /proc/PID/smaps_rollup field (Pss, Rss) in KiB
kib() {
  local field=$1; shift
  local pid total=0 v
  for pid in "$@"; do
    v=$(awk -v f="$field:" '$1 == f { print $2 }' /proc/"$pid"/smaps_rollup 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# procs_matching COMM PATTERN -> pids whose comm is COMM and whose command line contains PATTERN
procs_matching() {
  local dir cmd
  for dir in /proc/[0-9]*; do
    [[ $(cat "$dir/comm" 2>/dev/null) == "$1" ]] || continue
    cmd=$(tr '\0' ' ' <"$dir/cmdline" 2>/dev/null || true)
    [[ $cmd == *"$2"* ]] && echo "${dir#/proc/}"
  done
  return 0
}

# berth_platform_pids -> "name pid" per component `./berth up` started (services, Kafka, PostgreSQL)
berth_platform_pids() {
  local run=${BERTH_RUN:-/run/berth} data=${BERTH_DATA:-/var/lib/berth} pidfile
  for pidfile in "$run"/pids/*.pid; do
    [[ -e $pidfile ]] && echo "$(basename "$pidfile" .pid) $(cat "$pidfile")"
  done
  [[ -f $run/kafka.pid ]] && echo "kafka $(cat "$run/kafka.pid")"
  [[ -f $data/pg/postmaster.pid ]] && echo "postgresql $(head -n 1 "$data/pg/postmaster.pid")"
  return 0
}
