#!/bin/sh
# The CLI's contract: --help and --version, documented exit codes, JSON
# output that parses, the demo finishing with ok.
set -u
teeio=$1
pass=0
fail=0
check() { # name expected-exit command...
	name=$1 want=$2
	shift 2
	"$@" >/dev/null 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "not ok $name: exit $got, want $want"; fi
}
check "help" 0 "$teeio" --help
check "version" 0 "$teeio" --version
check "unknown command" 2 "$teeio" frobnicate
check "unknown option" 2 "$teeio" --frobnicate
check "no command" 2 "$teeio"
for c in demo pki tsm dsm bench version; do
	check "$c --help" 0 "$teeio" $c --help
done
check "tsm probe without target" 2 "$teeio" tsm probe
check "tsm probe bad target" 2 "$teeio" tsm probe nohostport --tofu
check "tsm probe non-loopback" 2 "$teeio" tsm probe 192.0.2.1:2323 --tofu
check "demo unknown option" 2 "$teeio" demo --frobnicate
check "dsm serve bad version" 2 "$teeio" dsm serve --ver 1.5
check "dsm serve too many versions" 2 "$teeio" dsm serve --ver 1.0,1.1,1.2,1.3,1.2
check "dsm serve version junk" 2 "$teeio" dsm serve --ver 1.2x
check "dsm serve trailing comma" 2 "$teeio" dsm serve --ver 1.2,
check "tsm probe bad version" 2 "$teeio" tsm probe 127.0.0.1:1 --tofu --ver 1.4
out=$("$teeio" --json version)
case "$out" in *'"version":"'*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "not ok version --json: $out" ;; esac
out=$("$teeio" demo --json)
case "$out" in *'"summary":{'*'"ok":true'*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "not ok demo --json: $out" ;; esac
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
