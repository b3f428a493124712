/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz evidence verification with hostile measurement blocks and
 * interface reports.  Input: ReportLen (u16 LE), Report, then the
 * measurement blocks; the built-in policy (with one made-up root, so the
 * chain check always refuses) and a fixed guest mapping.  Whatever the
 * device sends, the verifier must not misbehave, must never accept, and
 * every verdict must stay within its bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "teeio/guest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct teeio_guest_policy pol;
static struct teeio_guest_verdict v;
static bool ready;

static const struct teeio_guest_mmio_map maps[] = {
    {0x80000000, 0xC0000000, 16, true, TEEIO_GUEST_RANGE_MMIO},
    {0x80010000, 0xC0100000, 16, true, TEEIO_GUEST_RANGE_MMIO},
    {0x80020000, 0xC0080000, 1, true, TEEIO_GUEST_RANGE_MSIX_TABLE},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct teeio_crypto_ops *ops = teeio_crypto_openssl();
	struct teeio_guest_evidence ev;
	size_t rlen, i;

	if (!ready) {
		if (teeio_guest_policy_default(ops, &pol) != TEEIO_OK)
			abort();
		ready = true;
	}
	if (size < 2)
		return 0;
	rlen = teeio_load_u16le(data);
	if (rlen > size - 2)
		rlen = size - 2;
	memset(&ev, 0, sizeof(ev));
	ev.spdm = (struct teeio_guest_spdm_info){0x12,
						 TEEIO_SIG_ECDSA_P384,
						 TEEIO_HASH_SHA384,
						 TEEIO_HASH_SHA384,
						 TEEIO_DHE_SECP384R1,
						 TEEIO_AEAD_AES256_GCM};
	ev.report = data + 2;
	ev.report_len = rlen;
	ev.meas = data + 2 + rlen;
	ev.meas_len = size - 2 - rlen;
	ev.mmio_offset = size & 1 ? UINT64_C(0x1000000000) : 0;
	if (teeio_guest_verify(ops, &pol, &ev, maps, TEEIO_ARRAY_LEN(maps), &v) == TEEIO_OK ||
	    v.accept)
		abort(); /* no root is trusted: nothing may pass */
	if (v.n_findings > TEEIO_GUEST_FINDINGS_MAX || v.n_findings > v.n_rejections + 16 ||
	    v.n_meas > TEEIO_ARRAY_LEN(v.meas) || v.n_ranges > TEEIO_TDISP_RANGES_MAX)
		abort();
	for (i = 0; i < v.n_ranges; i++)
		if (v.ranges[i].map >= (int)TEEIO_ARRAY_LEN(maps))
			abort();
	return 0;
}
