/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the device profile parser (JSON -> struct teeio_dsm_profile).  A
 * profile it accepts must survive the round trip through the JSON writer
 * unchanged, and must bring up a device whose config space can be walked
 * and enumerated: whatever the profile says, the device model must not
 * misbehave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teeio/dsm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Large: kept out of the stack, reused by every input. */
static struct teeio_dsm_profile prof, again;
static struct teeio_dsm_dev dev;

static void round_trip(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f || teeio_dsm_profile_write_json(f, &prof) != TEEIO_OK)
		abort();
	fclose(f);
	if (teeio_dsm_profile_parse(buf, len, &again, NULL, 0) != TEEIO_OK ||
	    memcmp(&prof, &again, sizeof(prof)) != 0)
		abort(); /* the writer lost or changed something */
	free(buf);
}

static void walk_device(void)
{
	unsigned sink = 0;

	if (teeio_dsm_dev_init(&dev, &prof, teeio_crypto_openssl(), NULL, NULL, NULL) != TEEIO_OK)
		abort();
	teeio_dsm_enumerate(&dev, UINT64_C(0x80000000));
	for (uint16_t off = 0; off < 0x1000; off += 4) {
		sink += teeio_dsm_cfg_read(&dev, 0, off, 4);
		sink += teeio_dsm_cfg_read(&dev, (uint16_t)(prof.n_funcs - 1), off, 4);
	}
	for (uint16_t fn = 0; fn < prof.n_funcs; fn++) {
		sink += (unsigned)teeio_dsm_report_resolve(&dev, fn, TEEIO_TDISP_LOCK_MSIX);
		for (unsigned b = 0; b < TEEIO_DSM_BARS; b++) {
			uint64_t base, v = 0, size = dev.fn[fn].prof->bars[b].size;
			int hit = -1;

			if (!teeio_dsm_bar_base(&dev, fn, b, &base))
				continue;
			/* first and last QWORD of every BAR decode to this function */
			if (teeio_dsm_mmio_read(&dev, base, false, 0, &v, 8, &hit) != TEEIO_OK ||
			    hit != fn ||
			    teeio_dsm_mmio_write(&dev, base + size - 8, false, 0, &v, 8, &hit) !=
				TEEIO_OK ||
			    hit != fn)
				abort();
		}
	}
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[TEEIO_DSM_ERR_MAX];

	if (teeio_dsm_profile_parse((const char *)data, size, &prof, err, sizeof(err)) !=
	    TEEIO_OK) {
		if (!err[0] || strlen(err) >= sizeof(err))
			abort(); /* every refusal says why */
		return 0;
	}
	if (prof.n_funcs < 1 || prof.n_funcs > TEEIO_DSM_FUNCS_MAX || prof.n_entries < 1)
		abort();
	round_trip();
	walk_device();
	return 0;
}
