#!/bin/sh
# teeio's SPDM requester (`teeio tsm probe`) against the DMTF reference
# responder (spdm-emu's spdm_responder_emu), on PCIe DOE and MCTP, SPDM
# 1.1/1.2/1.3: VCA, digests, certificate (verified to the peer's CA),
# CHALLENGE, signed measurements, KEY_EXCHANGE/FINISH, HEARTBEAT, END_SESSION.
#
#   TEEIO_PEER_SPDM_RESPONDER=/path/to/spdm_responder_emu
#   TEEIO_PEER_ROOT (optional) = trusted root DER; default: the
#       responder's sample CA, <bindir>/ecp384/ca.cert.der
# The responder runs from its own directory (it loads its sample keys from
# the working directory).  Skipped (77) when the variable is unset.
set -u
teeio=$1
. "$(dirname "$0")/lib.inc"
peer=${TEEIO_PEER_SPDM_RESPONDER:-}
[ -n "$peer" ] || skip "TEEIO_PEER_SPDM_RESPONDER is not set"
[ -x "$peer" ] || skip "$peer is not executable"
dir=$(cd "$(dirname "$peer")" && pwd)
root=${TEEIO_PEER_ROOT:-$dir/ecp384/ca.cert.der}
port=$(pick_port)
out=${TEEIO_TEST_TMP:-/tmp}/interop-req-$$.json

for c in "PCI_DOE doe 1.3" "PCI_DOE doe 1.2" "PCI_DOE doe 1.1" \
	 "MCTP mctp 1.3" "MCTP mctp 1.2" "MCTP mctp 1.1"; do
	set -- $c
	(cd "$dir" && exec "$peer" --trans "$1" --port "$port" --mut_auth NO \
		--basic_mut_auth NO >/dev/null 2>&1) &
	pid=$!
	# Wait for the listener: retry while the probe cannot connect (exit 7).
	i=0
	while :; do
		"$teeio" tsm probe "127.0.0.1:$port" --trans "$2" --ver "$3" --root "$root" \
			--heartbeat --json >"$out" 2>&1
		rc=$?
		[ $rc -eq 7 ] && [ $i -lt 50 ] || break
		i=$((i + 1))
		sleep 0.1
	done
	if [ $rc -eq 0 ] && grep -q '"ok":true' "$out" &&
	   grep -q "\"version\":\"$3\"" "$out" &&
	   grep -q '"signature_verified":true' "$out" &&
	   ! grep -q '"session_id":0,' "$out"; then
		ok "$1 SPDM $3"
	else
		bad "$1 SPDM $3 (exit $rc): $(head -c 400 "$out")"
	fi
	stop_peer $pid
done
# Every signature algorithm family, against the peer's sample CA of that
# algorithm (PCIe DOE, SPDM 1.3).
for a in ECDSA_P256:ecp256 ECDSA_P521:ecp521 RSASSA_2048:rsa2048 \
	 RSAPSS_3072:rsa3072 EDDSA_25519:ed25519 EDDSA_448:ed448; do
	alg=${a%%:*}
	cadir=${a##*:}
	[ -f "$dir/$cadir/ca.cert.der" ] || { bad "$alg: no sample CA $dir/$cadir"; continue; }
	(cd "$dir" && exec "$peer" --trans PCI_DOE --port "$port" --asym "$alg" --mut_auth NO \
		--basic_mut_auth NO >/dev/null 2>&1) &
	pid=$!
	i=0
	while :; do
		"$teeio" tsm probe "127.0.0.1:$port" --trans doe --root "$dir/$cadir/ca.cert.der" \
			--heartbeat --json >"$out" 2>&1
		rc=$?
		[ $rc -eq 7 ] && [ $i -lt 50 ] || break
		i=$((i + 1))
		sleep 0.1
	done
	if [ $rc -eq 0 ] && grep -q '"signature_verified":true' "$out" &&
	   ! grep -q '"session_id":0,' "$out"; then
		ok "asym $alg"
	else
		bad "asym $alg (exit $rc): $(head -c 400 "$out")"
	fi
	stop_peer $pid
done
rm -f "$out"
finish
