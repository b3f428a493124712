/* SPDX-License-Identifier: BSD-3-Clause */
/* A scripted TSM backend and a fixture around it (see tsm.h). */
#include <stdlib.h>
#include <string.h>

#include "teeio/crypto.h"
#include "tsm.h"

const uint8_t tsm_fix_secret[TEEIO_TSM_TVM_SECRET_LEN] = {
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
    0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
};

static teeio_err count(void *be, enum tsm_fake_op op)
{
	struct tsm_fake_be *f = be;
	f->calls[op]++;
	return f->fail[op];
}

static teeio_err f_probe(void *be, struct teeio_tsm_dev *d)
{
	(void)d;
	return count(be, TSM_FAKE_PROBE);
}

static void f_remove(void *be, struct teeio_tsm_dev *d)
{
	(void)d;
	teeio_err e = count(be, TSM_FAKE_REMOVE);
	(void)e;
}

static teeio_err f_connect(void *be, struct teeio_tsm_dev *d)
{
	TRY(count(be, TSM_FAKE_CONNECT));
	d->session_id = 0x12345678;
	d->ev.spdm_version = 0x12;
	d->ev.asym = TEEIO_SIG_ECDSA_P256;
	d->ev.hash = TEEIO_HASH_SHA256;
	d->ev.dhe = TEEIO_DHE_SECP256R1;
	d->ev.aead = TEEIO_AEAD_AES256_GCM;
	memset(d->ev.chain, 0xC3, 100);
	d->ev.chain_len = 100;
	memset(d->ev.chain_digest, 0xD1, 32);
	memset(d->ev.meas, 0xE5, 40);
	d->ev.meas_len = 40;
	d->ev.meas_blocks = 2;
	return TEEIO_OK;
}

static teeio_err f_disconnect(void *be, struct teeio_tsm_dev *d)
{
	(void)d;
	return count(be, TSM_FAKE_DISCONNECT);
}

static teeio_err f_bind(void *be, struct teeio_tsm_tdi *x)
{
	TRY(count(be, TSM_FAKE_BIND));
	memset(x->nonce, 0x4e, sizeof(x->nonce));
	memset(x->report, 0x52, 64);
	x->report_len = 64;
	x->n_mmio = 1;
	x->mmio[0].gpa = x->params.mmio_gpa;
	x->mmio[0].hpa = TSM_FAKE_MMIO_HPA + ((uint64_t)x->rid << 12);
	x->mmio[0].pages = 1;
	x->mmio[0].range_id = 0;
	return TEEIO_OK;
}

static teeio_err f_unbind(void *be, struct teeio_tsm_tdi *x)
{
	(void)x;
	return count(be, TSM_FAKE_UNBIND);
}

static teeio_err f_accept(void *be, struct teeio_tsm_tdi *x)
{
	(void)x;
	return count(be, TSM_FAKE_ACCEPT);
}

static teeio_err f_stop(void *be, struct teeio_tsm_tdi *x)
{
	(void)x;
	return count(be, TSM_FAKE_STOP);
}

static void f_quiesce(void *be, struct teeio_tsm_tdi *x)
{
	(void)x;
	teeio_err e = count(be, TSM_FAKE_QUIESCE);
	(void)e;
}

static teeio_err f_key_refresh(void *be, struct teeio_tsm_dev *d)
{
	TRY(count(be, TSM_FAKE_KEY_REFRESH));
	d->key_set ^= 1;
	return TEEIO_OK;
}

static teeio_err f_heartbeat(void *be, struct teeio_tsm_dev *d)
{
	(void)d;
	return count(be, TSM_FAKE_HEARTBEAT);
}

/* Echo the vendor request back reversed. */
static teeio_err f_guest_request(void *be, struct teeio_tsm_tdi *x, uint8_t type,
				 const uint8_t *req, size_t len, struct teeio_buf *rsp)
{
	(void)x;
	(void)type;
	TRY(count(be, TSM_FAKE_GUEST_REQUEST));
	for (size_t i = 0; i < len; i++)
		TRY(teeio_buf_put_u8(rsp, req[len - 1 - i]));
	return TEEIO_OK;
}

static const struct teeio_tsm_backend_ops fake = {
    .abi = TEEIO_TSM_BACKEND_ABI,
    .name = "fake",
    .caps = TEEIO_TSM_CAP_ALL,
    .probe = f_probe,
    .remove = f_remove,
    .connect = f_connect,
    .disconnect = f_disconnect,
    .bind = f_bind,
    .unbind = f_unbind,
    .accept = f_accept,
    .stop = f_stop,
    .quiesce = f_quiesce,
    .key_refresh = f_key_refresh,
    .heartbeat = f_heartbeat,
    .guest_request = f_guest_request,
};

const struct teeio_tsm_backend_ops *tsm_fake_ops(void)
{
	return &fake;
}

struct tsm_fix *tsm_fix_new(void)
{
	struct tsm_fix *f = calloc(1, sizeof(*f));
	struct teeio_tsm_config c = {teeio_crypto_openssl(), NULL};
	struct teeio_tsm_dev_cfg dc;

	if (!f)
		return NULL;
	memset(&dc, 0, sizeof(dc));
	memcpy(dc.backend, "fake", 5);
	dc.rid = TSM_FAKE_RID;
	dc.n_rids = TSM_FAKE_FUNCS;
	f->tvm = 1;
	if (teeio_tsm_init(&f->tsm, &c) != TEEIO_OK ||
	    teeio_tsm_register_backend(&f->tsm, tsm_fake_ops(), &f->be) != TEEIO_OK ||
	    teeio_tsm_dev_add(&f->tsm, &dc, &f->dev) != TEEIO_OK ||
	    teeio_tsm_tvm_add(&f->tsm, f->tvm, tsm_fix_secret) != TEEIO_OK ||
	    teeio_tsm_gchan_init(&f->guest, c.ops, false, tsm_fix_secret) != TEEIO_OK) {
		tsm_fix_free(f);
		return NULL;
	}
	return f;
}

void tsm_fix_free(struct tsm_fix *f)
{
	if (!f)
		return;
	teeio_tsm_gchan_free(&f->guest);
	teeio_tsm_fini(&f->tsm);
	free(f);
}

teeio_err tsm_fix_bind(struct tsm_fix *f, uint16_t fn, unsigned *tdi)
{
	struct teeio_tsm_bind_params p = {
	    .dma_base = 0x100000,
	    .dma_limit = 0x1fffff,
	    .mmio_gpa = TSM_FAKE_MMIO_GPA + ((uint64_t)fn << 16),
	};
	return teeio_tsm_bind(&f->tsm, f->dev, (uint16_t)(TSM_FAKE_RID + fn), f->tvm, &p, tdi);
}

teeio_err tsm_fix_guest_call(struct tsm_fix *f, const struct teeio_tsm_greq *q,
			     struct teeio_tsm_grsp *rsp, uint8_t *body, size_t cap)
{
	uint8_t qb[512], msg[600];
	struct teeio_buf w = teeio_buf_writer(qb, sizeof(qb));
	struct teeio_buf out = teeio_buf_writer(f->answer, sizeof(f->answer));
	struct teeio_tsm_ghdr h = {0};
	size_t len = 0, plain = 0;

	TRY(teeio_tsm_greq_encode(q, &w));
	h.type = q->type;
	h.function_id = q->function_id;
	TRY(teeio_tsm_gchan_seal(&f->guest, &h, qb, w.pos, msg, sizeof(msg), &len));
	TRY(teeio_tsm_guest_handler(&f->tsm, f->tvm, msg, len, &out));
	TRY(teeio_tsm_gchan_open(&f->guest, f->answer, out.pos, &h, body, cap, &plain));
	return teeio_tsm_grsp_decode(h.type, body, plain, rsp);
}
