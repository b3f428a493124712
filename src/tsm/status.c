/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `teeio tsm status --json`: the TSM's devices and TDIs as JSON.  Tool
 * side (allocates through libjansson); nothing secret is printed: the
 * START nonces and keys never leave the TSM, the chain appears as its
 * digest.
 */
#include <jansson.h>
#include <stdlib.h>

#include "tsm_internal.h"

static json_t *hex_str(const uint8_t *p, size_t n)
{
	char buf[2 * TEEIO_HASH_MAX + 1];

	if (n > TEEIO_HASH_MAX)
		n = TEEIO_HASH_MAX;
	teeio_hex(buf, p, n);
	return json_string(buf);
}

static json_t *caps_json(uint32_t caps)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
	    {TEEIO_TSM_CAP_IDE, "ide"},
	    {TEEIO_TSM_CAP_KEY_REFRESH, "key_refresh"},
	    {TEEIO_TSM_CAP_HEARTBEAT, "heartbeat"},
	    {TEEIO_TSM_CAP_GUEST_VENDOR, "guest_vendor"},
	    {TEEIO_TSM_CAP_REMOVE, "remove"},
	};
	json_t *a = json_array();

	for (size_t i = 0; i < TEEIO_ARRAY_LEN(names); i++)
		if (caps & names[i].bit)
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

static json_t *rid_str(uint16_t rid)
{
	char buf[16];

	/* bus:device.function */
	snprintf(buf, sizeof(buf), "%02x:%02x.%x", rid >> 8, (rid >> 3) & 0x1f, rid & 7);
	return json_string(buf);
}

static json_t *dev_json(const struct teeio_tsm *t, unsigned i)
{
	struct teeio_tsm_dev_info in;
	json_t *o;

	if (teeio_tsm_info(t, i, &in) != TEEIO_OK)
		return NULL;
	o = json_object();
	json_object_set_new(o, "index", json_integer(i));
	json_object_set_new(o, "backend", json_string(in.backend));
	json_object_set_new(o, "rid", rid_str(in.rid));
	json_object_set_new(o, "functions", json_integer(in.n_rids));
	json_object_set_new(o, "state", json_string(teeio_tsm_dev_state_name(in.state)));
	json_object_set_new(o, "stream_id", json_integer(in.stream_id));
	json_object_set_new(o, "key_set", json_integer(in.key_set));
	json_object_set_new(o, "session_id", json_integer(in.session_id));
	json_object_set_new(o, "key_refreshes", json_integer(in.key_refreshes));
	json_object_set_new(o, "heartbeats", json_integer(in.heartbeats));
	json_object_set_new(o, "tdis", json_integer(in.n_tdis));
	if (in.last_err != TEEIO_OK)
		json_object_set_new(o, "last_error", json_string(teeio_err_str(in.last_err)));
	if (in.ev) {
		json_t *e = json_object();
		json_object_set_new(e, "hash", json_string(teeio_hash_name(in.ev->hash)));
		json_object_set_new(e, "chain_digest",
				    hex_str(in.ev->chain_digest, teeio_hash_size(in.ev->hash)));
		json_object_set_new(e, "chain_bytes", json_integer((json_int_t)in.ev->chain_len));
		json_object_set_new(e, "measurement_blocks", json_integer(in.ev->meas_blocks));
		json_object_set_new(e, "measurement_bytes",
				    json_integer((json_int_t)in.ev->meas_len));
		json_object_set_new(o, "evidence", e);
	}
	return o;
}

static json_t *tdi_json(const struct teeio_tsm *t, unsigned i)
{
	struct teeio_tsm_tdi_info in;
	json_t *o, *m;

	if (teeio_tsm_tdi_info(t, i, &in) != TEEIO_OK)
		return NULL;
	o = json_object();
	json_object_set_new(o, "index", json_integer(i));
	json_object_set_new(o, "device", json_integer(in.dev));
	json_object_set_new(o, "rid", rid_str(in.rid));
	json_object_set_new(o, "function_id", json_integer(in.function_id));
	json_object_set_new(o, "tvm", json_integer(in.tvm));
	json_object_set_new(o, "state", json_string(teeio_tsm_tdi_state_name(in.state)));
	json_object_set_new(o, "report_bytes", json_integer((json_int_t)in.report_len));
	if (in.last_err != TEEIO_OK)
		json_object_set_new(o, "last_error", json_string(teeio_err_str(in.last_err)));
	m = json_array();
	for (unsigned k = 0; k < in.n_mmio; k++) {
		json_t *r = json_object();
		char buf[32];
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)in.mmio[k].gpa);
		json_object_set_new(r, "gpa", json_string(buf));
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)in.mmio[k].hpa);
		json_object_set_new(r, "hpa", json_string(buf));
		json_object_set_new(r, "pages", json_integer(in.mmio[k].pages));
		json_object_set_new(r, "range_id", json_integer(in.mmio[k].range_id));
		json_object_set_new(r, "validated", json_boolean(in.mmio[k].validated));
		json_array_append_new(m, r);
	}
	json_object_set_new(o, "mmio", m);
	return o;
}

char *teeio_tsm_status_json(const struct teeio_tsm *t)
{
	json_t *root, *be, *devs, *tdis, *tvms;
	char *s;

	if (!t)
		return NULL;
	root = json_object();
	be = json_array();
	for (unsigned i = 0; i < t->n_backends; i++) {
		json_t *b = json_object();
		json_object_set_new(b, "name", json_string(t->backends[i].ops->name));
		json_object_set_new(b, "caps", caps_json(t->backends[i].ops->caps));
		json_array_append_new(be, b);
	}
	devs = json_array();
	for (unsigned i = 0; i < TEEIO_TSM_MAX_DEVS; i++) {
		json_t *d = dev_json(t, i);
		if (d)
			json_array_append_new(devs, d);
	}
	tdis = json_array();
	for (unsigned i = 0; i < TEEIO_TSM_MAX_TDIS; i++) {
		json_t *x = tdi_json(t, i);
		if (x)
			json_array_append_new(tdis, x);
	}
	tvms = json_array();
	for (unsigned i = 1; i <= TEEIO_TSM_MAX_TVMS; i++)
		if (t->tvm[i].used) {
			json_t *v = json_object();
			json_object_set_new(v, "id", json_integer(i));
			json_object_set_new(v, "last_seq",
					    json_integer((json_int_t)t->tvm[i].chan.seq));
			json_object_set_new(v, "rejected",
					    json_integer((json_int_t)t->tvm[i].chan.rejected));
			json_array_append_new(tvms, v);
		}
	json_object_set_new(root, "backends", be);
	json_object_set_new(root, "devices", devs);
	json_object_set_new(root, "tdis", tdis);
	json_object_set_new(root, "tvms", tvms);
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}
