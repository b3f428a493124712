/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TLP header codec: encode and decode of the IDE TLP Prefix and a
 * non-Flit mode header (memory read and write, type 0 configuration read
 * and write, completions).  tlp.c holds the exported forms and the
 * whole-TLP codec; see there for the rules the decoder enforces.
 *
 * The bodies are static inline in this header because the IDE data paths
 * (tx.c, rx.c) encode or decode one header per TLP: as calls into tlp.c
 * (never inlined across files, nor within a -fPIC library's own file for an
 * exported function) they cost a frame and the layout's round trip through
 * memory, about 25 instructions per header under callgrind.
 */
#ifndef TEEIO_IDE_TLP_CODEC_H
#define TEEIO_IDE_TLP_CODEC_H

#include "ide_internal.h"
#include "ide_wire.h"

static inline bool has_data(enum teeio_tlp_type type)
{
	return type == TEEIO_TLP_MWR || type == TEEIO_TLP_CFGWR0 || type == TEEIO_TLP_CPLD;
}

static inline bool is_mem(enum teeio_tlp_type type)
{
	return type == TEEIO_TLP_MRD || type == TEEIO_TLP_MWR;
}

static inline bool is_cfg(enum teeio_tlp_type type)
{
	return type == TEEIO_TLP_CFGRD0 || type == TEEIO_TLP_CFGWR0;
}

static inline bool is_cpl(enum teeio_tlp_type type)
{
	return type == TEEIO_TLP_CPL || type == TEEIO_TLP_CPLD;
}

static inline bool cpl_status_valid(uint8_t st)
{
	return st == TLP_CPL_SC || st == TLP_CPL_UR || st == TLP_CPL_CRS || st == TLP_CPL_CA;
}

/* Byte-enable rules for requests (section 2.2.5): a 1 DW request has no
 * Last BE; a longer one has both BEs non-zero. */
static inline bool byte_enables_valid(uint16_t length_dw, uint8_t first_be, uint8_t last_be)
{
	if (first_be > 0xf || last_be > 0xf)
		return false;
	if (length_dw == 1)
		return last_be == 0;
	return first_be != 0 && last_be != 0;
}

/* Fields only completions carry, and fields only requests carry. */
static inline bool no_completion_fields(const struct teeio_tlp *t)
{
	return !(t->completer_id | t->cpl_status | t->byte_count | t->lower_addr) && !t->bcm;
}

static inline bool no_request_fields(const struct teeio_tlp *t)
{
	return !(t->addr | t->first_be | t->last_be | t->cfg_target | t->cfg_reg) && !t->addr64;
}

/* The semantic checks shared by encode (usage errors) and decode (protocol
 * errors): returns false when the header fields are inconsistent.  One
 * switch on the type; this runs for every TLP in both directions. */
static inline bool fields_consistent(const struct teeio_tlp *t)
{
	if ((t->tc | t->attr) > 7 || t->at > 3 || t->tag > 0x3ff)
		return false;
	switch (t->type) {
	case TEEIO_TLP_MRD:
	case TEEIO_TLP_MWR:
		return t->length_dw >= 1 && t->length_dw <= TLP_LEN_MAX_DW &&
		       byte_enables_valid(t->length_dw, t->first_be, t->last_be) &&
		       no_completion_fields(t) && !(t->cfg_target | t->cfg_reg) && !(t->addr & 3) &&
		       t->addr64 == (t->addr > 0xffffffffull);
	case TEEIO_TLP_CFGRD0:
	case TEEIO_TLP_CFGWR0:
		/* section 2.2.7: TC0, no attributes, AT 00b, one DW */
		return (t->tc | t->attr | t->at) == 0 && t->length_dw == 1 &&
		       byte_enables_valid(1, t->first_be, t->last_be) && no_completion_fields(t) &&
		       !t->addr64 && t->addr == 0 && t->cfg_reg <= 0x3ff;
	case TEEIO_TLP_CPL:
	case TEEIO_TLP_CPLD:
		if (t->type == TEEIO_TLP_CPLD ? (t->length_dw < 1 || t->length_dw > TLP_LEN_MAX_DW)
					      : t->length_dw != 0)
			return false;
		return t->at == 0 && cpl_status_valid(t->cpl_status) &&
		       t->byte_count < TLP_CPL_BYTE_COUNT_MAX && t->lower_addr <= 0x7f &&
		       no_request_fields(t);
	}
	return false;
}

static inline uint8_t fmt_type(const struct teeio_tlp *t)
{
	uint8_t fmt = has_data(t->type) ? TLP_FMT_3DW_DATA : TLP_FMT_3DW;
	if (is_mem(t->type) && t->addr64)
		fmt |= TLP_FMT_4DW_BIT;
	uint8_t type = is_mem(t->type)   ? TLP_TYPE_MEM
		       : is_cfg(t->type) ? TLP_TYPE_CFG0
					 : TLP_TYPE_CPL;
	return (uint8_t)(fmt << TLP_FMT_SHIFT | type);
}

static inline size_t head_len(const struct teeio_tlp *t, bool prefix)
{
	return (prefix ? TEEIO_IDE_PREFIX_LEN : 0) + (is_mem(t->type) && t->addr64 ? 16 : 12);
}

static inline void put_prefix(uint8_t *o, const struct teeio_ide_prefix *p)
{
	o[0] = IDE_PREFIX_B0;
	o[1] = p->pr_sent_counter;
	o[2] = p->stream_id;
	o[3] = (uint8_t)(p->sub_stream << IDE_B3_SS_SHIFT) | (p->p ? IDE_B3_P : 0) |
	       (p->m ? IDE_B3_M : 0) | (p->k ? IDE_B3_K : 0) | (p->t ? IDE_B3_T : 0);
}

/*
 * The header is written in one piece: its size is known from the type, the
 * capacity is checked once, and the bytes are stored at fixed offsets.  This is the transmit hot path; it makes no call per
 * field.
 */
static inline teeio_err tlp_encode_head(const struct teeio_tlp *t,
					const struct teeio_ide_prefix *ide, uint8_t *out,
					size_t cap, size_t *aad_len)
{
	ENSURE(t && out && aad_len, TEEIO_ERR_USAGE);
	ENSURE(t->type <= TEEIO_TLP_CPLD && fields_consistent(t), TEEIO_ERR_USAGE);
	ENSURE(!ide || ide->sub_stream <= IDE_SUBSTREAM_MAX, TEEIO_ERR_USAGE);
	size_t want = has_data(t->type) ? (size_t)t->length_dw * 4 : 0;
	ENSURE(t->payload_len == want && (t->payload || !want), TEEIO_ERR_USAGE);

	/* Bounds first; every byte of the window is then stored below. */
	size_t n = head_len(t, ide != NULL);
	ENSURE(cap >= n, TEEIO_ERR_SIZE);
	uint8_t *o = out;
	if (ide) {
		put_prefix(o, ide);
		o += TEEIO_IDE_PREFIX_LEN;
	}
	uint16_t len_field = (uint16_t)(t->length_dw & 0x3ff); /* 1024 -> 0 */
	o[0] = fmt_type(t);
	o[1] = (uint8_t)(t->tc << TLP_B1_TC_SHIFT) | ((t->attr & 4) ? TLP_B1_ATTR2 : 0) |
	       ((t->tag & 0x200) ? TLP_B1_T9 : 0) | ((t->tag & 0x100) ? TLP_B1_T8 : 0);
	o[2] = (uint8_t)((t->attr & 3) << TLP_B2_ATTR_SHIFT | t->at << TLP_B2_AT_SHIFT |
			 len_field >> 8) |
	       (t->ep ? TLP_B2_EP : 0);
	o[3] = (uint8_t)len_field;
	if (is_cpl(t->type)) {
		o[4] = (uint8_t)(t->completer_id >> 8);
		o[5] = (uint8_t)t->completer_id;
		o[6] = (uint8_t)(t->cpl_status << 5 | (t->bcm ? 0x10 : 0) | (t->byte_count >> 8));
		o[7] = (uint8_t)t->byte_count;
		o[8] = (uint8_t)(t->requester_id >> 8);
		o[9] = (uint8_t)t->requester_id;
		o[10] = (uint8_t)t->tag;
		o[11] = t->lower_addr;
	} else {
		o[4] = (uint8_t)(t->requester_id >> 8);
		o[5] = (uint8_t)t->requester_id;
		o[6] = (uint8_t)t->tag;
		o[7] = (uint8_t)(t->last_be << 4 | t->first_be);
		if (is_cfg(t->type)) {
			o[8] = (uint8_t)(t->cfg_target >> 8);
			o[9] = (uint8_t)t->cfg_target;
			o[10] = (uint8_t)(t->cfg_reg >> 6);
			o[11] = (uint8_t)((t->cfg_reg & 0x3f) << 2);
		} else if (t->addr64) {
			teeio_store_u32be(o + 8, (uint32_t)(t->addr >> 32));
			teeio_store_u32be(o + 12, (uint32_t)t->addr);
		} else {
			teeio_store_u32be(o + 8, (uint32_t)t->addr);
		}
	}
	*aad_len = n;
	return TEEIO_OK;
}

/* The IDE TLP Prefix at x (4 bytes).  The caller has seen Fmt 100b. */
static inline teeio_err get_prefix(const uint8_t *x, struct teeio_ide_prefix *p)
{
	/* Other End-End or Local prefixes are not part of the model. */
	ENSURE(x[0] == IDE_PREFIX_B0, TEEIO_ERR_PROTO_UNSUPPORTED);
	uint8_t ss = (uint8_t)((x[3] & IDE_B3_SS_MASK) >> IDE_B3_SS_SHIFT);
	/* Sub-Stream bit 7 is reserved for TEE-IO; 011b..110b are undefined
	 * and 111b marks non-IDE TLPs, which never carry this prefix. */
	ENSURE(!(ss & 0x8), TEEIO_ERR_PROTO_RESERVED);
	ENSURE(ss <= IDE_SUBSTREAM_MAX, TEEIO_ERR_PROTO);
	p->pr_sent_counter = x[1];
	p->stream_id = x[2];
	p->sub_stream = ss;
	p->p = x[3] & IDE_B3_P;
	p->m = x[3] & IDE_B3_M;
	p->k = x[3] & IDE_B3_K;
	p->t = x[3] & IDE_B3_T;
	return TEEIO_OK;
}

/* Fmt/Type of byte 0 to a model type; sets addr64. */
static inline teeio_err classify(uint8_t b0, struct teeio_tlp *t)
{
	uint8_t fmt = b0 >> TLP_FMT_SHIFT, type = b0 & TLP_TYPE_MASK;
	ENSURE(fmt <= TLP_FMT_4DW_DATA, TEEIO_ERR_PROTO_UNSUPPORTED); /* prefix here */
	bool data = fmt & TLP_FMT_HAS_DATA, dw4 = fmt & TLP_FMT_4DW_BIT;
	switch (type) {
	case TLP_TYPE_MEM:
		t->type = data ? TEEIO_TLP_MWR : TEEIO_TLP_MRD;
		t->addr64 = dw4;
		return TEEIO_OK;
	case TLP_TYPE_CFG0:
		ENSURE(!dw4, TEEIO_ERR_PROTO);
		t->type = data ? TEEIO_TLP_CFGWR0 : TEEIO_TLP_CFGRD0;
		return TEEIO_OK;
	case TLP_TYPE_CPL:
		ENSURE(!dw4, TEEIO_ERR_PROTO);
		t->type = data ? TEEIO_TLP_CPLD : TEEIO_TLP_CPL;
		return TEEIO_OK;
	default: break;
	}
	return TEEIO_ERR_PROTO_UNSUPPORTED;
}

/* Bytes 4..11 (or ..15) of a request header, at x. */
static inline teeio_err get_request_tail(const uint8_t *x, struct teeio_tlp *t)
{
	t->requester_id = (uint16_t)(x[0] << 8 | x[1]);
	t->tag |= x[2];
	t->first_be = x[3] & 0xf;
	t->last_be = x[3] >> 4;
	if (is_cfg(t->type)) {
		ENSURE(!(x[6] & 0xf0) && !(x[7] & 0x03), TEEIO_ERR_PROTO_RESERVED);
		t->cfg_target = (uint16_t)(x[4] << 8 | x[5]);
		t->cfg_reg = (uint16_t)((x[6] & 0xf) << 6 | x[7] >> 2);
		return TEEIO_OK;
	}
	uint32_t lo = teeio_load_u32be(x + (t->addr64 ? 8 : 4));
	/* Without TPH (TH=0) the PH bits, address[1:0], are reserved. */
	ENSURE(!(lo & 3), TEEIO_ERR_PROTO_RESERVED);
	t->addr = t->addr64 ? (uint64_t)teeio_load_u32be(x + 4) << 32 | lo : lo;
	return TEEIO_OK;
}

/* Bytes 4..11 of a completion header, at x. */
static inline teeio_err get_completion_tail(const uint8_t *x, struct teeio_tlp *t)
{
	ENSURE(!(x[7] & 0x80), TEEIO_ERR_PROTO_RESERVED);
	t->completer_id = (uint16_t)(x[0] << 8 | x[1]);
	t->cpl_status = x[2] >> 5;
	t->bcm = x[2] & 0x10;
	t->byte_count = (uint16_t)((x[2] & 0xf) << 8 | x[3]);
	t->requester_id = (uint16_t)(x[4] << 8 | x[5]);
	t->tag |= x[6];
	t->lower_addr = x[7];
	return TEEIO_OK;
}

/*
 * The rules a decoded header must follow beyond its bit widths (which the
 * parse already bounds): what fields_consistent() checks, less what cannot
 * fail for parsed values.  The fuzz target holds the two together: every
 * header accepted here must encode again.
 */
static inline bool header_valid(const struct teeio_tlp *t)
{
	switch (t->type) {
	case TEEIO_TLP_MRD:
	case TEEIO_TLP_MWR:
		return byte_enables_valid(t->length_dw, t->first_be, t->last_be) &&
		       t->addr64 == (t->addr > 0xffffffffull);
	case TEEIO_TLP_CFGRD0:
	case TEEIO_TLP_CFGWR0:
		return (t->tc | t->attr | t->at) == 0 && t->length_dw == 1 && t->last_be == 0;
	case TEEIO_TLP_CPL:
	case TEEIO_TLP_CPLD: return t->at == 0 && cpl_status_valid(t->cpl_status);
	}
	return false;
}

/* Borrow n bytes at the cursor (teeio_buf_get_ref, inlined for the
 * receive hot path): bounds-checked, the cursor moves only on success. */
static inline teeio_err borrow(struct teeio_buf *b, const uint8_t **p, size_t n)
{
	ENSURE(teeio_buf_left(b) >= n, TEEIO_ERR_SIZE_TRUNCATED);
	*p = teeio_buf_cur(b);
	b->pos += n;
	return TEEIO_OK;
}

/*
 * The receive hot path: the cursor hands out the prefix and the header in
 * (at most) three bounded borrows whose sizes follow from what was read;
 * the fields are then taken at fixed offsets.
 */
static inline teeio_err tlp_decode_head(const uint8_t *wire, size_t len, struct teeio_tlp *t,
					struct teeio_tlp_layout *lay)
{
	ENSURE(t && lay && (wire || !len), TEEIO_ERR_USAGE);
	static const struct teeio_tlp blank;
	*t = blank; /* a struct copy: vector moves, not a rep stos */
	struct teeio_buf b = teeio_buf_reader(wire, len);
	ENSURE(len >= 1, TEEIO_ERR_SIZE_TRUNCATED);
	const uint8_t *h, *x;
	if (wire[0] >> TLP_FMT_SHIFT == TLP_FMT_PREFIX) {
		/* the prefix and the first header DW in one borrow */
		TRY(borrow(&b, &x, TEEIO_IDE_PREFIX_LEN + 4));
		TRY(get_prefix(x, &t->ide));
		t->has_ide = true;
		h = x + TEEIO_IDE_PREFIX_LEN;
	} else {
		TRY(borrow(&b, &h, 4));
	}
	TRY(classify(h[0], t));
	ENSURE(!(h[1] & TLP_B1_LN), TEEIO_ERR_PROTO_RESERVED);
	ENSURE(!(h[1] & TLP_B1_TH) && !(h[2] & TLP_B2_TD), TEEIO_ERR_PROTO_UNSUPPORTED);
	t->tc = (h[1] & TLP_B1_TC_MASK) >> TLP_B1_TC_SHIFT;
	t->attr = (uint8_t)((h[1] & TLP_B1_ATTR2 ? 4 : 0) |
			    (h[2] & TLP_B2_ATTR_MASK) >> TLP_B2_ATTR_SHIFT);
	t->at = (h[2] & TLP_B2_AT_MASK) >> TLP_B2_AT_SHIFT;
	t->ep = h[2] & TLP_B2_EP;
	t->tag = (uint16_t)((h[1] & TLP_B1_T9 ? 0x200 : 0) | (h[1] & TLP_B1_T8 ? 0x100 : 0));
	uint16_t len_field = (uint16_t)((h[2] & TLP_B2_LEN_HI) << 8 | h[3]);
	if (t->type == TEEIO_TLP_CPL) {
		ENSURE(len_field == 0, TEEIO_ERR_PROTO_RESERVED); /* no data: reserved */
		t->length_dw = 0;
	} else {
		t->length_dw = len_field ? len_field : TLP_LEN_MAX_DW;
	}
	TRY(borrow(&b, &x, is_mem(t->type) && t->addr64 ? 12 : 8));
	if (is_cpl(t->type))
		TRY(get_completion_tail(x, t));
	else
		TRY(get_request_tail(x, t));
	ENSURE(header_valid(t), TEEIO_ERR_PROTO);

	lay->aad_len = b.pos;
	lay->payload_off = b.pos;
	lay->payload_len = has_data(t->type) ? (size_t)t->length_dw * 4 : 0;
	lay->enc_len = lay->payload_len + (t->has_ide && t->ide.p ? TEEIO_IDE_PCRC_LEN : 0);
	lay->mac_off = lay->payload_off + lay->enc_len;
	lay->total = lay->mac_off + (t->has_ide && t->ide.m ? TEEIO_IDE_MAC_LEN : 0);
	return TEEIO_OK;
}

#endif
