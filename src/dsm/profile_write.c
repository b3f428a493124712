/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A profile back to JSON, in the form the parser reads (so that
 * `teeio dsm profile show --json` output is itself a valid profile).
 * Measurement values are written as hex.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "profile_internal.h"

static json_t *hexnum(uint64_t v)
{
	char s[24];
	snprintf(s, sizeof(s), "0x%" PRIx64, v);
	return json_string(s);
}

static json_t *hexbytes(const uint8_t *b, size_t n)
{
	char s[2 * TEEIO_DSM_MEAS_VALUE_MAX + 1];
	json_t *j;

	if (n > TEEIO_DSM_MEAS_VALUE_MAX)
		return NULL;
	teeio_hex(s, b, n);
	j = json_string(s);
	return j;
}

static json_t *fn_json(const struct teeio_dsm_fn_prof *f)
{
	json_t *o = json_object(), *bars = json_array(), *ranges = json_array(),
	       *ifi = json_array();
	unsigned i;
	uint16_t bit;
	const char *name;

	json_object_set_new(o, "type", json_string(f->type == TEEIO_DSM_FN_PF ? "pf" : "vf"));
	if (f->type == TEEIO_DSM_FN_VF)
		json_object_set_new(o, "count", json_integer(f->count));
	for (i = 0; i < TEEIO_DSM_BARS; i++) {
		const struct teeio_dsm_bar_prof *b = &f->bars[i];
		json_t *bo;
		if (!b->size) {
			json_array_append_new(bars, json_null());
			continue;
		}
		bo = json_object();
		json_object_set_new(bo, "size", hexnum(b->size));
		json_object_set_new(bo, "mem64", json_boolean(b->mem64));
		json_object_set_new(bo, "prefetch", json_boolean(b->prefetch));
		json_array_append_new(bars, bo);
	}
	/* trailing empty BARs are implied */
	while (json_array_size(bars) &&
	       json_is_null(json_array_get(bars, json_array_size(bars) - 1)))
		json_array_remove(bars, json_array_size(bars) - 1);
	json_object_set_new(o, "bars", bars);
	if (f->msix.vectors) {
		json_t *m = json_object();
		json_object_set_new(m, "vectors", json_integer(f->msix.vectors));
		json_object_set_new(m, "table_bar", json_integer(f->msix.table_bar));
		json_object_set_new(m, "table_offset", hexnum(f->msix.table_offset));
		json_object_set_new(m, "pba_bar", json_integer(f->msix.pba_bar));
		json_object_set_new(m, "pba_offset", hexnum(f->msix.pba_offset));
		json_object_set_new(o, "msix", m);
	}
	for (i = 0; i < f->n_ranges; i++) {
		const struct teeio_dsm_range_prof *r = &f->ranges[i];
		json_t *ro = json_object();
		json_object_set_new(ro, "bar", json_integer(r->bar));
		json_object_set_new(ro, "offset", hexnum(r->offset));
		json_object_set_new(ro, "size", hexnum(r->size));
		json_object_set_new(ro, "id", json_integer(r->id));
		json_object_set_new(ro, "non_tee", json_boolean(r->non_tee));
		json_object_set_new(ro, "updatable", json_boolean(r->updatable));
		json_array_append_new(ranges, ro);
	}
	json_object_set_new(o, "ranges", ranges);
	for (i = 0; (name = dsm_ifinfo_name(i, &bit)) != NULL; i++)
		if (f->interface_info & bit)
			json_array_append_new(ifi, json_string(name));
	json_object_set_new(o, "interface_info", ifi);
	if (f->devinfo_len) {
		char s[2 * TEEIO_DSM_DEVINFO_MAX + 1];
		teeio_hex(s, f->devinfo, f->devinfo_len);
		json_object_set_new(o, "device_info", json_string(s));
	}
	return o;
}

static json_t *profile_json(const struct teeio_dsm_profile *p)
{
	json_t *o = json_object(), *ide = json_object(), *doe = json_object(), *meas = json_array(),
	       *fns = json_array();
	unsigned i;

	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "vendor_id", hexnum(p->vendor_id));
	json_object_set_new(o, "device_id", hexnum(p->device_id));
	json_object_set_new(o, "vf_device_id", hexnum(p->vf_device_id));
	json_object_set_new(o, "subsystem_vendor_id", hexnum(p->subsys_vendor_id));
	json_object_set_new(o, "subsystem_id", hexnum(p->subsys_id));
	json_object_set_new(o, "revision", json_integer(p->revision));
	json_object_set_new(o, "class_code", hexnum(p->class_code));
	json_object_set_new(o, "segment", json_integer(p->segment));
	json_object_set_new(o, "bus", json_integer(p->bus));
	json_object_set_new(o, "device", json_integer(p->device));
	json_object_set_new(o, "function", json_integer(p->function));
	json_object_set_new(doe, "mailbox_bytes", json_integer(p->doe_mailbox_bytes));
	json_object_set_new(o, "doe", doe);
	json_object_set_new(ide, "streams", json_integer(p->ide.streams));
	json_object_set_new(ide, "address_blocks", json_integer(p->ide.addr_blocks));
	json_object_set_new(ide, "pcrc", json_boolean(p->ide.pcrc));
	json_object_set_new(ide, "aggregation", json_boolean(p->ide.aggregation));
	json_object_set_new(ide, "tee_limited", json_boolean(p->ide.tee_limited));
	json_object_set_new(o, "ide", ide);
	for (i = 0; i < p->n_meas; i++) {
		const struct teeio_dsm_meas_prof *m = &p->meas[i];
		json_t *mo = json_object();
		json_object_set_new(mo, "index", json_integer(m->index));
		json_object_set_new(mo, "type", json_string(teeio_dsm_meas_type_name(m->type)));
		json_object_set_new(mo, "tcb", json_boolean(m->tcb));
		json_object_set_new(mo, "raw", json_boolean(m->raw));
		json_object_set_new(mo, "value", hexbytes(m->value, m->len));
		json_array_append_new(meas, mo);
	}
	json_object_set_new(o, "measurements", meas);
	for (i = 0; i < p->n_entries; i++)
		json_array_append_new(fns, fn_json(&p->entries[i]));
	json_object_set_new(o, "functions", fns);
	return o;
}

teeio_err teeio_dsm_profile_write_json(FILE *f, const struct teeio_dsm_profile *p)
{
	json_t *o;
	int rc;

	ENSURE(f && p, TEEIO_ERR_USAGE);
	o = profile_json(p);
	ENSURE(o, TEEIO_ERR_INTERNAL_NOMEM);
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	ENSURE(rc == 0 && fputc('\n', f) != EOF, TEEIO_ERR_TRANSPORT);
	return TEEIO_OK;
}
