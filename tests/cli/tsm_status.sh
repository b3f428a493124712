#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# teeio tsm status: the emulated platform driven to each stage; the JSON
# names the device and TDI states; bad arguments exit 2.
set -u
T="$1"
W="${TEEIO_TEST_TMP:-/tmp}/cli_tsm_status.$$"
rm -rf "$W" && mkdir -p "$W" || exit 1
fails=0
passes=0

ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
trap 'rm -rf "$W"' EXIT

if ! "$T" tsm status --help >/dev/null 2>&1; then
	echo "skip: this teeio has no 'tsm status' subcommand"
	exit 77
fi

# stage -> the state words the JSON must contain
check() {
	stage="$1"
	shift
	if ! "$T" tsm status --json --stage "$stage" "$@" >"$W/out" 2>"$W/err"; then
		bad "status --stage $stage $*: exit $? $(cat "$W/err")"
		return
	fi
	for word in $want; do
		if grep -q "\"state\": \"$word\"" "$W/out"; then ok; else
			bad "status --stage $stage $*: no state $word"; fi
	done
}
want="idle"; check idle
want="connected"; check connected --flavour sev
want="connected bound"; check bound --vfs 2
n=$(grep -c '"state": "bound"' "$W/out")
if [ "$n" = 3 ]; then ok; else bad "--vfs 2: $n TDIs bound, want 3"; fi
# the START nonce and keys never appear; the chain digest does
if grep -q '"chain_digest"' "$W/out"; then ok; else bad "no chain digest"; fi

# text output
if "$T" tsm status --stage connected >"$W/out" 2>&1 && grep -q "connected" "$W/out"; then ok; else
	bad "text output: $(cat "$W/out")"; fi

# bad arguments: usage, exit 2
for args in "--stage nowhere" "--flavour arm" "--vfs 9" "--vfs" "--bogus"; do
	# shellcheck disable=SC2086
	"$T" tsm status $args >/dev/null 2>&1
	rc=$?
	if [ "$rc" = 2 ]; then ok; else bad "status $args: exit $rc, want 2"; fi
done

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
