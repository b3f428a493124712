/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DEVICE_INTERFACE_REPORT structures: the responder renders any window
 * [offset, offset+len) of a TDI's report straight from the device profile
 * (the report is never materialised, so a TDI costs no report buffer), and
 * the requester parses a reassembled report into a view over its buffer.
 */
#include <string.h>

#include "tdisp_internal.h"

/* A sink that keeps only the bytes of the report inside its window. */
struct window {
	size_t at; /* report offset of the next byte produced */
	size_t offset; /* window start                             */
	size_t len; /* window length                            */
	uint8_t *out; /* receives window bytes                    */
};

static void emit(struct window *w, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++, w->at++)
		if (w->at >= w->offset && w->at - w->offset < w->len)
			w->out[w->at - w->offset] = p[i];
}

static void emit_u16(struct window *w, uint16_t v)
{
	uint8_t b[2];
	teeio_store_u16le(b, v);
	emit(w, b, sizeof(b));
}

static void emit_u32(struct window *w, uint32_t v)
{
	uint8_t b[4];
	teeio_store_u32le(b, v);
	emit(w, b, sizeof(b));
}

static void emit_u64(struct window *w, uint64_t v)
{
	uint8_t b[8];
	teeio_store_u64le(b, v);
	emit(w, b, sizeof(b));
}

size_t tdisp_report_size(const struct teeio_tdisp_report *rep)
{
	return TDISP_REPORT_FIXED + (size_t)rep->n_ranges * TDISP_MMIO_RANGE_LEN +
	       TDISP_REPORT_TAIL + rep->dev_info_len;
}

void tdisp_range_wire(const struct teeio_tdisp_tdi *tdi, uint16_t i,
		      struct teeio_tdisp_mmio_range *out)
{
	const struct teeio_tdisp_range *r = &tdi->report->ranges[i];

	/*
	 * assumption: FIRST_PAGE is the page number of (address + MMIO
	 * reporting offset), modulo 2^64; LOCK requires a page-aligned
	 * offset, so this equals page(addr) + page(offset).
	 */
	out->first_page = (r->addr + tdi->mmio_offset) >> TEEIO_TDISP_PAGE_SHIFT;
	out->num_pages = r->pages;
	out->attrs = tdisp_range_attrs(tdi, i);
	out->range_id = r->range_id;
}

void tdisp_report_window(const struct teeio_tdisp_tdi *tdi, size_t offset, size_t len, uint8_t *out)
{
	const struct teeio_tdisp_report *rep = tdi->report;
	struct window w = {0, offset, len, out};

	emit_u16(&w, rep->interface_info);
	emit_u16(&w, 0); /* reserved */
	emit_u16(&w, rep->msix_msg_ctrl);
	emit_u16(&w, rep->lnr_ctrl);
	emit_u32(&w, rep->tph_ctrl);
	emit_u32(&w, rep->n_ranges);
	for (uint16_t i = 0; i < rep->n_ranges && w.at < offset + len; i++) {
		struct teeio_tdisp_mmio_range m;

		tdisp_range_wire(tdi, i, &m);
		emit_u64(&w, m.first_page);
		emit_u32(&w, m.num_pages);
		emit_u16(&w, m.attrs);
		emit_u16(&w, m.range_id);
	}
	if (w.at < offset + len) { /* the loop did not stop early */
		emit_u32(&w, rep->dev_info_len);
		emit(&w, rep->dev_info, rep->dev_info_len);
	}
}

teeio_err teeio_tdisp_report_parse(const uint8_t *rep, size_t len,
				   struct teeio_tdisp_report_view *v)
{
	struct teeio_buf b = teeio_buf_reader(rep, len);

	memset(v, 0, sizeof(*v));
	TRY(teeio_buf_get_u16le(&b, &v->interface_info));
	ENSURE(!(v->interface_info & TDISP_INFO_RESERVED), TEEIO_ERR_PROTO_RESERVED);
	TRY(teeio_buf_expect_zero(&b, 2));
	TRY(teeio_buf_get_u16le(&b, &v->msix_msg_ctrl));
	TRY(teeio_buf_get_u16le(&b, &v->lnr_ctrl));
	TRY(teeio_buf_get_u32le(&b, &v->tph_ctrl));
	TRY(teeio_buf_get_u32le(&b, &v->n_ranges));
	/* Divide rather than multiply: a hostile count must not wrap. */
	ENSURE(v->n_ranges <= teeio_buf_left(&b) / TDISP_MMIO_RANGE_LEN, TEEIO_ERR_SIZE_TRUNCATED);
	v->ranges = teeio_buf_cur(&b);
	for (uint32_t i = 0; i < v->n_ranges; i++) {
		uint16_t attrs;

		TRY(teeio_buf_skip(&b, 12));
		TRY(teeio_buf_get_u16le(&b, &attrs));
		ENSURE(!(attrs & TDISP_RANGE_ATTRS_RESERVED), TEEIO_ERR_PROTO_RESERVED);
		TRY(teeio_buf_skip(&b, 2));
	}
	TRY(teeio_buf_get_u32le(&b, &v->dev_info_len));
	TRY(teeio_buf_get_ref(&b, &v->dev_info, v->dev_info_len));
	return teeio_buf_expect_end(&b);
}

void teeio_tdisp_report_range(const struct teeio_tdisp_report_view *v, uint32_t i,
			      struct teeio_tdisp_mmio_range *out)
{
	const uint8_t *p = v->ranges + (size_t)i * TDISP_MMIO_RANGE_LEN;

	out->first_page = teeio_load_u64le(p);
	out->num_pages = teeio_load_u32le(p + 8);
	out->attrs = teeio_load_u16le(p + 12);
	out->range_id = teeio_load_u16le(p + 14);
}
