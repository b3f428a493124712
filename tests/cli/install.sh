#!/bin/sh
# `cmake --install` lays out the libraries, headers, the teeio binary and a
# relocatable teeio.pc; a program outside the tree builds against them with
# pkg-config and runs.
set -u
teeio=$1
build=$(cd "$(dirname "$teeio")" && pwd)
tmp=${TEEIO_TEST_TMP:-/tmp}/install-$$
trap 'rm -rf "$tmp"' EXIT
fail() { echo "not ok: $*"; echo "0 passed, 1 failed"; exit 1; }
command -v pkg-config >/dev/null || { echo "SKIP: no pkg-config"; exit 77; }
cmake --install "$build" --prefix "$tmp" >/dev/null || fail "cmake --install"
[ -x "$tmp/bin/teeio" ] || fail "no bin/teeio"
[ -f "$tmp/include/teeio/crypto.h" ] || fail "no include/teeio/crypto.h"
ls "$tmp"/lib*/libteeio_common.a >/dev/null 2>&1 || fail "no libteeio_common.a"
pc=$(ls -d "$tmp"/lib*/pkgconfig | head -n 1)
[ -f "$pc/teeio.pc" ] || fail "no teeio.pc"
cat >"$tmp/consumer.c" <<'C'
#include <stdio.h>
#include <teeio/crypto.h>
int main(void)
{
	uint8_t d[32];
	if (teeio_crypto_openssl()->hash(TEEIO_HASH_SHA256, "abc", 3, d) != TEEIO_OK)
		return 1;
	/* FIPS 180-2: SHA-256("abc") = ba7816bf... */
	printf("%s\n", d[0] == 0xba && d[1] == 0x78 ? "sha256 ok" : "sha256 WRONG");
	return d[0] == 0xba && d[1] == 0x78 ? 0 : 1;
}
C
flags=$(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs --static teeio) || fail "pkg-config"
${CC:-cc} ${TEEIO_CONSUMER_CFLAGS:-} "$tmp/consumer.c" $flags -o "$tmp/consumer" ||
	fail "consumer does not build"
"$tmp/consumer" || fail "consumer does not run"
"$tmp/bin/teeio" --version >/dev/null || fail "installed teeio does not run"
echo "1 passed, 0 failed"
