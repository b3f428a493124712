#!/bin/sh
# DMTF's SPDM-Responder-Validator (spdm-emu's spdm_device_validator_sample)
# against teeio's device, `teeio dsm serve`, with SPDM 1.0-1.3 enabled and
# handshake-in-the-clear advertised (so the 1.0/1.1 cases and the
# in-the-clear FINISH cases run too), on PCIe DOE and MCTP.  The device
# presents the libspdm sample chain (ecp384) the validator trusts.
#
# A transport passes only when the suite summary in the validator's
# test.log reads "fail: 0" with a non-zero pass count and no check is
# NOT_TESTED; the summary line is quoted either way.  (The validator's exit
# code is always 0.)
#
#   TEEIO_PEER_SPDM_VALIDATOR=/path/to/spdm_device_validator_sample  (unset: skip)
set -u
teeio=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/lib.inc
. "$here/lib.inc"
# shellcheck source=tests/interop/dsm.inc
. "$here/dsm.inc"
peer=${TEEIO_PEER_SPDM_VALIDATOR:-}
[ -n "$peer" ] || skip "TEEIO_PEER_SPDM_VALIDATOR is not set"
[ -x "$peer" ] || skip "$peer is not executable"
bindir=$(cd "$(dirname "$peer")" && pwd)
# What the device must be told (both are `teeio dsm serve` options).
dsm_opts="--ver 1.0,1.1,1.2,1.3 --handshake-in-clear"
if ! dsm_check "$teeio" --ver --handshake-in-clear; then
	bad "teeio dsm serve lacks$dsm_missing (the validator run needs: $dsm_opts)"
	finish
fi

tmp=$(mktemp -d "${TEEIO_TEST_TMP:-/tmp}/interop-val.XXXXXX") || exit 1
trap 'dsm_stop; if [ "$fail" -eq 0 ]; then rm -rf "$tmp"; else echo "logs kept in $tmp"; fi' EXIT
trap 'exit 1' INT TERM
peer_workdir "$bindir" "$tmp/work" || exit 1
dsm_verbose= # thousands of requests: no trace

# run TRANS(PCI_DOE|MCTP) DSM_TRANS(doe|mctp)
run() {
	rm -f "$tmp/work/test.log"
	# shellcheck disable=SC2086 # dsm_opts is a list of words
	if ! dsm_start "$teeio" "$tmp/dsm.log" --trans "$2" $dsm_opts \
		--chain "$bindir/ecp384/bundle_responder.certchain.der" \
		--key "$bindir/ecp384/end_responder.key"; then
		bad "$1: teeio dsm serve did not start: $(head -c 400 "$tmp/dsm.log")"
		return
	fi
	(cd "$tmp/work" && exec "$peer" --trans "$1" --port "$dsm_port") >"$tmp/val.out" 2>&1
	dsm_stop
	log=$tmp/work/test.log
	summary=$(grep -m1 "^test suite (" "$log" 2>/dev/null)
	nt=$(grep -c "NOT_TESTED" "$log" 2>/dev/null)
	pass_n=$(echo "$summary" | sed -n 's/.* pass: \([0-9]*\),.*/\1/p')
	fail_n=$(echo "$summary" | sed -n 's/.* fail: \([0-9]*\).*/\1/p')
	if [ "${fail_n:-1}" -eq 0 ] && [ "${pass_n:-0}" -gt 0 ] &&
	   [ "${nt:-0}" -eq 0 ] && [ "$dsm_rc" = 0 ]; then
		ok "$1: $summary, NOT_TESTED: 0"
	else
		bad "$1: ${summary:-no suite summary in test.log}, NOT_TESTED: ${nt:-?}, teeio dsm exit ${dsm_rc:-?}"
		grep -m10 -e " FAIL" -e NOT_TESTED "$log" 2>/dev/null
		[ -f "$log" ] || tail -n 10 "$tmp/val.out"
	fi
}

run PCI_DOE doe
run MCTP mctp
finish
