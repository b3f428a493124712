#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# teeio pki: generate chains for two algorithms, check the files, verify
# them back, and check that tampering, expiry and misuse are refused.
set -eu
TEEIO=$1
base=${TEEIO_TEST_TMP:-/tmp}
mkdir -p "$base"
T=$(mktemp -d "$base/pki-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
# expect CODE cmd...: run cmd, require exit status CODE.
expect() {
	want=$1
	shift
	set +e
	"$@" >"$T/stdout" 2>"$T/stderr"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || fail "$* exited $got, want $want: $(cat "$T/stderr")"
}

for sub in generate verify show; do
	"$TEEIO" pki "$sub" --help | grep -q "usage: teeio pki $sub" || fail "$sub --help"
done
expect 2 "$TEEIO" pki
expect 2 "$TEEIO" pki frobnicate
expect 2 "$TEEIO" pki generate "$T/x" --alg rot13
expect 2 "$TEEIO" pki generate

"$TEEIO" pki generate "$T/out" --alg ecdsa-p256 --json >"$T/gen.json" || fail generate p256
grep -q '"alg":"ecdsa-p256"' "$T/gen.json" || fail "json names the algorithm"
grep -q '"device_leaf.key.pem"' "$T/gen.json" || fail "json lists the key"
if command -v python3 >/dev/null 2>&1; then
	python3 -m json.tool "$T/gen.json" >/dev/null || fail "generate --json is not JSON"
fi
"$TEEIO" pki generate "$T/out" --alg ed25519 >/dev/null || fail generate ed25519

for alg in ecdsa-p256 ed25519; do
	d="$T/out/$alg"
	for chain in device requester; do
		for f in root.der root.pem leaf.der leaf.pem chain.der chain.pem leaf.key.pem \
			chain.sha256.spdm chain.sha384.spdm chain.sha512.spdm; do
			[ -s "$d/${chain}_$f" ] || fail "missing $d/${chain}_$f"
		done
	done
	[ -s "$d/device_inter1.der" ] || fail "missing device intermediate"
	[ ! -e "$d/requester_inter1.der" ] || fail "requester chain has no intermediate"
	head -n 1 "$d/device_leaf.pem" | grep -q -- '-----BEGIN CERTIFICATE-----' || fail "leaf PEM"
	head -n 1 "$d/device_leaf.key.pem" | grep -q -- '-----BEGIN PRIVATE KEY-----' ||
		fail "key is not PKCS#8 PEM"
	[ "$(grep -c 'BEGIN CERTIFICATE' "$d/device_chain.pem")" -eq 3 ] || fail "chain PEM"
	mode=$(stat -c %a "$d/device_leaf.key.pem")
	[ "$mode" = 600 ] || fail "key file mode $mode"
	"$TEEIO" pki verify "$d" >"$T/verify.txt" || fail "verify $alg"
	grep -q 'device chain: OK' "$T/verify.txt" || fail "verify output"
	grep -q 'CN=teeio emulated device' "$T/verify.txt" || fail "leaf subject"
	"$TEEIO" pki verify "$d" --json | grep -q '"verified":true' || fail "verify --json"
done

d="$T/out/ecdsa-p256"
[ "$("$TEEIO" pki show "$d/device_chain.der" | grep -c '^certificate ')" -eq 3 ] ||
	fail "show lists three certificates"
"$TEEIO" pki show "$d/device_chain.sha384.spdm" >"$T/show.txt" || fail "show .spdm"
grep -q 'SPDM certificate chain, sha384' "$T/show.txt" || fail "show names the SPDM form"
[ "$(grep -c '^certificate ' "$T/show.txt")" -eq 3 ] || fail "show .spdm lists three certificates"
# 2100-01-01: long after the default validity.
expect 6 "$TEEIO" pki verify "$d" --now 4102444800
# The ed25519 chain next to the p256 key: the key does not match its leaf.
cp "$T/out/ed25519/device_chain.der" "$d/device_chain.der"
expect 6 "$TEEIO" pki verify "$d" --alg ecdsa-p256
# Not a certificate.
printf 'garbage' >"$T/garbage.der"
expect 3 "$TEEIO" pki show "$T/garbage.der"
expect 2 "$TEEIO" pki verify "$T/nowhere/ecdsa-p256"
echo "pki cli: ok"
