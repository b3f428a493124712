#!/bin/sh
# DMTF's reference host against teeio's device: spdm-emu's
# spdm_requester_emu drives `teeio dsm serve` (presenting the libspdm
# sample chain ecp384/bundle_responder.certchain.der + end_responder.key,
# so the requester's trust in its sample CA holds), on PCIe DOE and MCTP,
# SPDM 1.2 and 1.3:
#   connection  VCA, DIGESTS, CERTIFICATE, CHALLENGE, MEASUREMENTS
#   session     KEY_EXCHANGE/FINISH, HEARTBEAT, KEY_UPDATE, END_SESSION
#   PCIe DOE    + APP: IDE_KM (QUERY, 6 x KEY_PROG + K_SET_GO, K_SET_STOP)
#               and TDISP on 0xBEEF (LOCK, REPORT, START, STOP)
#               (PEERS_SKIP_CXL=1: no CXL IDE_KM/TSP, which teeio lacks)
# A run passes when the requester says "connect success!", prints no
# "ERROR:" and exits 0 (its exit code alone is unreliable), the device's
# trace shows every request of the flow at the version asked for and no
# ERROR answered, TDISP went LOCKED -> RUN -> UNLOCKED (DOE), and the
# device exits 0 after the requester's SHUTDOWN.
#
#   TEEIO_PEER_SPDM_REQUESTER=/path/to/spdm_requester_emu   (unset: skip)
#
# The device runs with --interop: the DMTF requester QUERYs IDE_KM port 1
# and sends K_SET_GO for each sub-stream right after its KEY_PROG, before
# the other sub-streams are keyed, which teeio's strict responder refuses
# (docs/interop.md).
set -u
teeio=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/lib.inc
. "$here/lib.inc"
# shellcheck source=tests/interop/dsm.inc
. "$here/dsm.inc"
peer=${TEEIO_PEER_SPDM_REQUESTER:-}
[ -n "$peer" ] || skip "TEEIO_PEER_SPDM_REQUESTER is not set"
[ -x "$peer" ] || skip "$peer is not executable"
bindir=$(cd "$(dirname "$peer")" && pwd)
src=${TEEIO_SRC:-$(cd "$here/../.." && pwd)}
if ! dsm_check "$teeio" --interop --profile --chain --key --once; then
	bad "teeio dsm serve lacks$dsm_missing"
	finish
fi
tmp=$(mktemp -d "${TEEIO_TEST_TMP:-/tmp}/interop-rsp.XXXXXX") || exit 1
trap 'dsm_stop; if [ "$fail" -eq 0 ]; then rm -rf "$tmp"; else echo "logs kept in $tmp"; fi' EXIT
trap 'exit 1' INT TERM
peer_workdir "$bindir" "$tmp/work" || exit 1

# Request codes (DSP0274 Table 4) the device must have seen in every run.
conn_codes="81 82 83 e0" # DIGESTS, CERTIFICATE, CHALLENGE, MEASUREMENTS
sess_codes="e4 e5 e8 e9 ec" # KEY_EXCHANGE, FINISH, HEARTBEAT, KEY_UPDATE, END_SESSION

# run TRANS(PCI_DOE|MCTP) DSM_TRANS(doe|mctp) VERSION SESSION_STEPS
run() {
	name="$1 SPDM $3"
	if ! dsm_start "$teeio" "$tmp/dsm.log" --trans "$2" --interop \
		--profile "$src/profiles/spdm-emu.json" \
		--chain "$bindir/ecp384/bundle_responder.certchain.der" \
		--key "$bindir/ecp384/end_responder.key"; then
		bad "$name: teeio dsm serve did not start: $(head -c 400 "$tmp/dsm.log")"
		return
	fi
	(cd "$tmp/work" && PEERS_SKIP_CXL=1 exec "$peer" --trans "$1" --port "$dsm_port" \
		--ver "$3" --exe_conn DIGEST,CERT,CHAL,MEAS --exe_session "$4") \
		>"$tmp/req.log" 2>&1
	rc=$?
	dsm_stop
	why=
	grep -q "connect success!" "$tmp/req.log" || why="$why; no 'connect success!'"
	grep -q "ERROR:" "$tmp/req.log" && why="$why; $(grep -m2 'ERROR:' "$tmp/req.log" | tr '\n' ' ')"
	[ $rc -eq 0 ] || why="$why; requester exit $rc"
	[ "$dsm_rc" = 0 ] || why="$why; teeio dsm exit $dsm_rc"
	v=$(echo "$3" | tr -d .)
	dsm_requests "$tmp/dsm.log" >"$tmp/codes"
	for c in $conn_codes $sess_codes; do
		grep -qx "$v $c" "$tmp/codes" || why="$why; no request $c at version $v"
	done
	grep -q -- "-> ERROR" "$tmp/dsm.log" && why="$why; device answered ERROR: $(grep -m1 -- '-> ERROR' "$tmp/dsm.log")"
	if [ "$1" = PCI_DOE ]; then
		n=$(grep -cx "$v fe" "$tmp/codes")
		[ "$n" -ge 29 ] || why="$why; only $n vendor-defined (IDE_KM/TDISP) requests"
		for t in "CONFIG_UNLOCKED -> CONFIG_LOCKED" "CONFIG_LOCKED -> RUN" "RUN -> CONFIG_UNLOCKED"; do
			grep -q "tdisp: TDI 0000beef $t" "$tmp/dsm.log" || why="$why; no TDISP $t"
		done
	fi
	if [ -z "$why" ]; then
		ok "$name: $(wc -l <"$tmp/codes") requests, $(grep -c '^.. fe$' "$tmp/codes") IDE_KM/TDISP"
	else
		bad "$name${why}"
		tail -n 20 "$tmp/req.log"
	fi
}

run PCI_DOE doe 1.3 KEY_EX,HEARTBEAT,KEY_UPDATE,APP
run PCI_DOE doe 1.2 KEY_EX,HEARTBEAT,KEY_UPDATE,APP
# Over MCTP the requester's APP step is PLDM, not IDE_KM/TDISP: left out.
run MCTP mctp 1.3 KEY_EX,HEARTBEAT,KEY_UPDATE
run MCTP mctp 1.2 KEY_EX,HEARTBEAT,KEY_UPDATE
finish
