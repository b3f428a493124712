#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# teeio demo: the whole lifecycle runs and every step is ok, in text and
# in the --json trace; bench lifecycle and bench io run with a small budget
# and print the JSON they document.  Nothing here depends on timing: the
# numbers are only checked to be present and positive.
set -u
T="$1"
W="${TEEIO_TEST_TMP:-/tmp}/cli_demo.$$"
rm -rf "$W" && mkdir -p "$W" || exit 1
fails=0
passes=0

ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
trap 'rm -rf "$W"' EXIT

has() { # file pattern what
	if grep -Eq "$2" "$1"; then ok; else bad "$3"; fi
}

# --- demo, JSON trace ---
if "$T" demo --json >"$W/demo.json" 2>"$W/err"; then ok; else
	bad "demo --json: exit $? $(cat "$W/err")"; fi
summary='s/.*"summary":{"steps":\([0-9]*\),"passed":\([0-9]*\),"ok":true.*/\1 \2/p'
n=$(sed -n "$summary" "$W/demo.json")
set -- $n
if [ $# -eq 2 ] && [ "$1" = "$2" ] && [ "$1" -ge 12 ]; then ok; else bad "demo summary: '$n'"; fi
steps=${1:-0}
if grep -q '"ok":false' "$W/demo.json"; then bad "a demo step failed"; else ok; fi
# one "ok":true per step, one in the summary
oks=$(grep -o '"ok":true' "$W/demo.json" | wc -l)
if [ "$oks" -eq $((steps + 1)) ]; then ok; else bad "demo: $oks ok for $steps steps"; fi
for phase in identity connect bind attest accept run attack stop unbind disconnect; do
	has "$W/demo.json" "\"phase\":\"$phase\"" "demo: no $phase step"
done
has "$W/demo.json" 'IDE_KM keyed stream [0-9]+ key set 0: root port Secure, device Secure' \
	"demo: streams not Secure after connect"
has "$W/demo.json" '[0-9]+/[0-9]+ measurements match' "demo: no measurement verdict"
has "$W/demo.json" 'TEE-IO [0-9.]+ MB/s, bounce buffer [^"]* [0-9.]+ MB/s, ratio [0-9.]+x' \
	"demo: no throughput of both paths"
has "$W/demo.json" 'entry 0 reads zeros' "demo: no scrub check"
has "$W/demo.json" 'root port Insecure, device Insecure' "demo: streams still up after disconnect"

# --- demo, text ---
if "$T" demo >"$W/demo.txt" 2>"$W/err"; then ok; else bad "demo: exit $? $(cat "$W/err")"; fi
has "$W/demo.txt" "^summary: $steps/$steps steps ok" "demo text: no full summary"
"$T" demo --bogus >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "demo --bogus: not a usage error"; fi

# --- bench io ---
if "$T" bench io --json --time-ms 10 >"$W/io.json" 2>"$W/err"; then ok; else
	bad "bench io: exit $? $(cat "$W/err")"; fi
has "$W/io.json" '^\{"bench":"io"' "bench io: not its JSON"
for size in 4096 65536; do
	rate='[1-9][0-9]*\.[0-9]'
	has "$W/io.json" "\"size\":$size,\"bounce_mbps\":$rate,\"teeio_mbps\":$rate,\"ratio\":" \
		"bench io: no row for $size with both rates and the ratio"
done
"$T" bench io --time-ms 0 >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "bench io --time-ms 0: not a usage error"; fi

# --- bench lifecycle ---
if "$T" bench lifecycle --json --reps 1 --passes 1 >"$W/lc.json" 2>"$W/err"; then ok; else
	bad "bench lifecycle: exit $? $(cat "$W/err")"; fi
has "$W/lc.json" '^\{"bench":"lifecycle"' "bench lifecycle: not its JSON"
for phase in connect bind accept teardown; do
	has "$W/lc.json" "\"$phase\":\\{\"median\":[0-9]+\\.[0-9],\"best\":[0-9]+\\.[0-9]\\}" \
		"bench lifecycle: no $phase phase"
done
has "$W/lc.json" '"vfs":255,"tvms":255,' "bench lifecycle: not 255 VFs to 255 TVMs"
has "$W/lc.json" '"last_over_first":[0-9]+\.[0-9]{3}\}' "bench lifecycle: no flatness ratio"
"$T" bench lifecycle --reps 0 >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "bench lifecycle --reps 0: not a usage error"; fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
