#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# teeio dsm: profile check/show exit codes and messages, and `dsm serve` on
# an ephemeral port probed by `teeio tsm probe` (and, when DMTF's
# spdm_requester_emu is at hand, by it too), then stopped with SIGTERM.
set -u
T="$1"
SRC="${TEEIO_SRC:-$(dirname "$0")/../..}"
W="${TEEIO_TEST_TMP:-/tmp}/cli_dsm.$$"
PEERS="${TEEIO_PEERS_BIN:-/work/peers/bin}"
rm -rf "$W" && mkdir -p "$W" || exit 1
fails=0
passes=0
srv=

ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT

if ! "$T" dsm --help >/dev/null 2>&1; then
	echo "skip: this teeio has no 'dsm' command"
	exit 77
fi

# --- profile check: good ones exit 0 -------------------------------------
for p in default nic-8vf big-255vf spdm-emu; do
	if "$T" dsm profile check "$SRC/profiles/$p.json" >"$W/out" 2>&1; then ok; else
		bad "profile check $p: $(cat "$W/out")"; fi
done

# --- a bad profile: exit 2 and the field named -----------------------------
printf '{"vendor_id":1,"device_id":2,"functions":[{"type":"pf"},{"type":"vf","bars":[{"size":4096}]},{"type":"vf","bars":[{"size":12288}]}]}' >"$W/bad.json"
"$T" dsm profile check "$W/bad.json" >"$W/out" 2>"$W/err"
rc=$?
[ "$rc" = 2 ] && ok || bad "bad profile exit $rc, want 2"
grep -q 'profile: functions\[2\].bars\[0\].size: must be a power of two' "$W/err" && ok ||
	bad "bad profile message: $(cat "$W/err")"
printf '{"vendor_id":1,' >"$W/trunc.json"
"$T" dsm profile check "$W/trunc.json" >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] && ok || bad "truncated profile exit $rc, want 2"
"$T" dsm profile check "$W/nonexistent.json" >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] && ok || bad "missing profile exit $rc, want 2"
"$T" dsm profile frob >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] && ok || bad "unknown subcommand exit $rc, want 2"

# --- profile show --json is itself a valid profile -------------------------
if "$T" dsm profile show --json >"$W/shown.json" && "$T" dsm profile check "$W/shown.json" >/dev/null; then
	ok
else
	bad "profile show --json does not check"
fi
"$T" dsm profile show "$SRC/profiles/nic-8vf.json" | grep -q '9 function(s) in all' && ok ||
	bad "profile show nic-8vf"

# --- serve + probe ---------------------------------------------------------
"$T" pki generate "$W/pki" --alg ecdsa-p256 >/dev/null 2>&1 || bad "pki generate"
wait_port() { # $1: the server's own output file; prints its port once it listens
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1" 2>/dev/null)
		[ -n "$port" ] && { echo "$port"; return 0; }
		kill -0 "$srv" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
"$T" dsm serve --port 0 --pki "$W/pki/ecdsa-p256" --profile "$SRC/profiles/nic-8vf.json" \
	>"$W/serve.out" 2>"$W/serve.err" &
srv=$!
if port=$(wait_port "$W/serve.out"); then
	ok
	for i in 1 2; do # two clients one after the other
		if "$T" tsm probe "127.0.0.1:$port" --root "$W/pki/ecdsa-p256/device_root.der" \
			>"$W/probe.out" 2>&1 && grep -q 'established' "$W/probe.out"; then ok; else
			bad "probe $i: $(cat "$W/probe.out")"; fi
	done
	kill -TERM "$srv"
	wait "$srv"
	rc=$?
	srv=
	[ "$rc" = 0 ] && ok || bad "serve exit $rc after SIGTERM: $(cat "$W/serve.err")"
else
	bad "serve did not start: $(cat "$W/serve.err")"
fi

# MCTP, one client (--once): the server exits by itself after it
"$T" dsm serve --port 0 --once --trans mctp --pki "$W/pki/ecdsa-p256" \
	>"$W/mctp.out" 2>"$W/mctp.err" &
srv=$!
if port=$(wait_port "$W/mctp.out"); then
	"$T" tsm probe "127.0.0.1:$port" --trans mctp --root "$W/pki/ecdsa-p256/device_root.der" \
		>"$W/probe.out" 2>&1 && grep -q 'established' "$W/probe.out" && ok ||
		bad "mctp probe: $(cat "$W/probe.out")"
	wait "$srv"
	rc=$?
	srv=
	[ "$rc" = 0 ] && ok || bad "serve --once exit $rc"
else
	bad "mctp serve did not start: $(cat "$W/mctp.err")"
fi

# a bad profile for serve: exit 2 before listening
"$T" dsm serve --port 0 --profile "$W/bad.json" >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] && ok || bad "serve with a bad profile exit $rc, want 2"

# --- DMTF spdm-emu's requester against it (when present) -------------------
# Two runs: its whole default flow (SPDM 1.3, three sessions' worth of
# heartbeat, key update, measurements, IDE_KM and TDISP), and a 1.2 run
# limited to KEY_EX + APP.  DIGEST,CERT stay in the limited session list:
# without them this requester returns an uninitialised status from
# get_digest_cert_in_session.
emu_run() { # $1: name; the rest: requester arguments
	name=$1
	shift
	(cd "$PEERS" && exec "$T" dsm serve --port 0 --once --interop -v \
		--profile "$SRC/profiles/spdm-emu.json" \
		--chain ecp384/bundle_responder.certchain.der --key ecp384/end_responder.key) \
		>"$W/emu_$name.out" 2>"$W/emu_$name.err" &
	srv=$!
	if ! port=$(wait_port "$W/emu_$name.out"); then
		bad "serve for spdm-emu ($name) did not start: $(cat "$W/emu_$name.err")"
		return
	fi
	(cd "$PEERS" && PEERS_SKIP_CXL=1 ./spdm_requester_emu --trans PCI_DOE --port "$port" "$@") \
		>"$W/req.out" 2>&1
	# --once: the server ends with its client; never wait on it forever
	i=0
	while kill -0 "$srv" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$srv" 2>/dev/null; then
		kill "$srv"
		bad "serve --once ($name) still running after its client: $(tail -3 "$W/req.out")"
	fi
	wait "$srv"
	srv=
	n=$(grep -c 'ERROR' "$W/req.out")
	[ "$n" = 0 ] && ok || bad "spdm_requester_emu $name: $n errors: $(grep ERROR "$W/req.out" | head -5)"
	grep -q 'CONFIG_LOCKED -> RUN' "$W/emu_$name.err" && ok ||
		bad "spdm-emu ($name) did not start the TDI"
}
if [ -x "$PEERS/spdm_requester_emu" ]; then
	emu_run default
	emu_run limited --ver 1.2 --hash SHA_384 --asym ECDSA_P384 --dhe SECP_384_R1 \
		--aead AES_256_GCM --exe_conn DIGEST,CERT,CHAL,MEAS --exe_session KEY_EX,DIGEST,CERT,APP
else
	echo "note: $PEERS/spdm_requester_emu not found; interop part skipped"
fi

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
