/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "support/ide.h"
#include "support/platform.h"

teeio_err plat_test_init(struct plat_test *t, enum teeio_plat_flavour flavour)
{
	struct teeio_plat_config c = teeio_plat_config_default(flavour, t->arena, sizeof(t->arena));
	TRY(teeio_plat_init(&t->p, &c));
	t->vmm = teeio_plat_vmm(&t->p);
	t->tsm = teeio_plat_tsm(&t->p);
	return TEEIO_OK;
}

/* ---- config space: plain dwords, then the DOE mailbox ---- */

static uint32_t cfg_read(void *ctx, uint32_t off)
{
	struct plat_fake_dev *f = ctx;
	if (off >= PLAT_TEST_DOE_OFF)
		return teeio_doe_mb_read(&f->mb, off - PLAT_TEST_DOE_OFF);
	return f->cfg[off / 4];
}

static void cfg_write(void *ctx, uint32_t off, uint32_t val)
{
	struct plat_fake_dev *f = ctx;
	if (off >= PLAT_TEST_DOE_OFF)
		teeio_doe_mb_write(&f->mb, off - PLAT_TEST_DOE_OFF, val);
	else
		f->cfg[off / 4] = val;
}

/* The DOE device: answers every object with itself. */
static teeio_err doe_echo(void *ctx, const uint8_t *req, size_t len, struct teeio_buf *rsp)
{
	(void)ctx;
	return teeio_buf_put_bytes(rsp, req, len);
}

/* ---- the link's endpoint side ---- */

static void send_up(struct plat_fake_dev *f, const struct teeio_tlp *t)
{
	teeio_err rc = teeio_link_send(&f->link, TEEIO_LINK_EP, t);
	if (rc == TEEIO_OK)
		rc = teeio_link_flush(&f->link, TEEIO_LINK_EP);
	(void)rc;
}

static void on_mmio(struct plat_fake_dev *f, const struct teeio_tlp *t)
{
	uint64_t off = t->addr - f->bar_base;
	size_t n = (size_t)t->length_dw * 4;
	bool tee = t->has_ide && t->ide.t;
	if (t->addr < f->bar_base || off + n > sizeof(f->bar))
		return;
	f->last_mmio_t = tee;
	if (t->type == TEEIO_TLP_MWR) {
		/* Honour the byte enables of the first and last DWORD. */
		for (size_t i = 0; i < n; i++) {
			uint8_t be = i < 4 ? t->first_be : i >= n - 4 ? t->last_be : 0xf;
			if (n == 4)
				be = t->first_be;
			if (be >> (i & 3) & 1)
				f->bar[off + i] = t->payload[i];
		}
		f->mmio_writes++;
		return;
	}
	f->mmio_reads++;
	struct teeio_tlp c = {0};
	c.type = TEEIO_TLP_CPLD;
	c.requester_id = t->requester_id;
	c.completer_id = f->rid;
	c.tag = t->tag;
	c.length_dw = t->length_dw;
	c.byte_count = (uint16_t)(n & 0xfff);
	c.payload = f->bar + off;
	c.payload_len = n;
	c.ide.t = tee && !f->answer_in_clear;
	if (f->answer_in_clear) {
		/* Answer in the clear, as an interposer forging completions would. */
		uint8_t wire[TEEIO_TLP_WIRE_MAX];
		size_t len = 0;
		teeio_err rc = teeio_tlp_encode(&c, wire, sizeof(wire), &len);
		if (rc == TEEIO_OK)
			rc = teeio_link_inject(&f->link, TEEIO_LINK_UP, wire, len);
		(void)rc;
		return;
	}
	send_up(f, &c);
}

static void ep_receive(void *ctx, const struct teeio_tlp *t)
{
	struct plat_fake_dev *f = ctx;
	if (t->type == TEEIO_TLP_MRD || t->type == TEEIO_TLP_MWR) {
		on_mmio(f, t);
		return;
	}
	if (t->type == TEEIO_TLP_CPL || t->type == TEEIO_TLP_CPLD) {
		f->cpl_done = true;
		f->cpl_status = t->cpl_status;
		if (t->payload_len && t->payload_len <= sizeof(f->cpl_data))
			memcpy(f->cpl_data, t->payload, t->payload_len);
	}
}

teeio_err plat_fake_init(struct plat_fake_dev *f, uint16_t rid, uint64_t bar_base, bool ide)
{
	memset(f, 0, sizeof(*f));
	f->rid = rid;
	f->bar_base = bar_base;
	f->ide = ide;
	struct teeio_doe_mb_cfg mc = {0};
	mc.dev.handle = doe_echo;
	mc.dev.ctx = f;
	mc.req_buf = f->mb_req;
	mc.req_cap = sizeof(f->mb_req);
	mc.rsp_buf = f->mb_rsp;
	mc.rsp_cap = sizeof(f->mb_rsp);
	TRY(teeio_doe_mb_init(&f->mb, &mc));
	teeio_ide_port_init(&f->rp_port);
	teeio_ide_port_init(&f->ep_port);
	if (ide) {
		struct teeio_ide_config c = {0};
		c.type = TEEIO_IDE_SELECTIVE;
		c.stream_id = PLAT_TEST_STREAM;
		c.default_stream = true;
		c.rid_base = 0;
		c.rid_limit = 0xffff;
		TRY(ide_test_pair_up(&f->rp_stream, &f->ep_stream, &c));
		TRY(teeio_ide_port_add(&f->rp_port, &f->rp_stream));
		TRY(teeio_ide_port_add(&f->ep_port, &f->ep_stream));
	}
	teeio_link_init(&f->link, &f->rp_port, &f->ep_port);
	struct teeio_ide_deliver d = {ep_receive, f};
	teeio_link_set_receiver(&f->link, TEEIO_LINK_EP, &d);
	return TEEIO_OK;
}

void plat_fake_fini(struct plat_fake_dev *f)
{
	if (f->ide) {
		teeio_ide_stream_fini(&f->rp_stream);
		teeio_ide_stream_fini(&f->ep_stream);
	}
}

struct teeio_plat_dev_cfg plat_fake_dev_cfg(struct plat_fake_dev *f)
{
	struct teeio_plat_dev_cfg c = {0};
	c.rid = f->rid;
	c.cfg.read = cfg_read;
	c.cfg.write = cfg_write;
	c.cfg.ctx = f;
	c.doe_cap_off = PLAT_TEST_DOE_OFF;
	c.link = &f->link;
	c.win[0].base = f->bar_base;
	c.win[0].size = sizeof(f->bar);
	c.n_win = 1;
	return c;
}

static struct teeio_tlp mem_req(struct plat_fake_dev *f, uint16_t rid, bool t, uint64_t addr,
				size_t len, bool write)
{
	struct teeio_tlp r = {0};
	r.type = write ? TEEIO_TLP_MWR : TEEIO_TLP_MRD;
	r.addr = addr;
	r.addr64 = addr > 0xffffffffull;
	r.requester_id = rid;
	r.tag = f->tag++ & 0x3ff;
	r.length_dw = (uint16_t)(len / 4);
	r.first_be = 0xf;
	r.last_be = len > 4 ? 0xf : 0;
	r.ide.t = t;
	return r;
}

teeio_err plat_fake_dma_write(struct plat_fake_dev *f, uint16_t rid, bool t, uint64_t addr,
			      const void *buf, size_t len)
{
	ENSURE(len && len % 4 == 0 && len <= TEEIO_TLP_PAYLOAD_MAX, TEEIO_ERR_USAGE);
	struct teeio_tlp r = mem_req(f, rid, t, addr, len, true);
	r.payload = buf;
	r.payload_len = len;
	TRY(teeio_link_send(&f->link, TEEIO_LINK_EP, &r));
	TRY(teeio_link_flush(&f->link, TEEIO_LINK_EP));
	teeio_link_pump(&f->link, NULL);
	return TEEIO_OK;
}

teeio_err plat_fake_dma_read(struct plat_fake_dev *f, uint16_t rid, bool t, uint64_t addr,
			     void *buf, size_t len)
{
	ENSURE(len && len % 4 == 0 && len <= TEEIO_TLP_PAYLOAD_MAX, TEEIO_ERR_USAGE);
	struct teeio_tlp r = mem_req(f, rid, t, addr, len, false);
	f->cpl_done = false;
	TRY(teeio_link_send(&f->link, TEEIO_LINK_EP, &r));
	TRY(teeio_link_flush(&f->link, TEEIO_LINK_EP));
	teeio_link_pump(&f->link, NULL);
	ENSURE(f->cpl_done, TEEIO_ERR_TRANSPORT_TIMEOUT);
	ENSURE(f->cpl_status == 0, TEEIO_ERR_PROTO_PEER_ERROR);
	memcpy(buf, f->cpl_data, len);
	return TEEIO_OK;
}
