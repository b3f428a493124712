/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the guest module: the policy parser's sections (reading
 * fields through teeio/json.h), PEM/base64 decoding of trust anchors, and
 * the verdict recorder shared by the evidence checks.
 */
#ifndef TEEIO_GUEST_INTERNAL_H
#define TEEIO_GUEST_INTERNAL_H

#include <jansson.h>

#include "teeio/guest.h"
#include "teeio/json.h"

/* ---- policy parsing ---------------------------------------------------- */

/* The policy parser's state: crypto for the trust anchors, the directory
 * relative root files are read from, and the shared JSON readers' error sink
 * (prefix "policy: ", TEEIO_JSON_STRICT). */
struct gp {
	const struct teeio_crypto_ops *ops;
	const char *base_dir; /* for relative root files; NULL: cwd */
	struct teeio_json j;
};

/*
 * The optional array member obj.key of at most max entries (absent or
 * null: *out = NULL, which json_array_foreach walks as empty); longer:
 * "more than <max><unit>".
 */
TEEIO_MUST_CHECK teeio_err gp_list(const struct gp *c, const char *path, json_t *obj,
				   const char *key, size_t max, const char *unit, json_t **out);

/* Sections (policy_*.c). */
TEEIO_MUST_CHECK teeio_err gp_roots(const struct gp *c, json_t *root, struct teeio_guest_policy *p);
TEEIO_MUST_CHECK teeio_err gp_spdm(const struct gp *c, json_t *root, struct teeio_guest_policy *p);
TEEIO_MUST_CHECK teeio_err gp_meas(const struct gp *c, json_t *root, struct teeio_guest_policy *p);
TEEIO_MUST_CHECK teeio_err gp_report(const struct gp *c, json_t *root,
				     struct teeio_guest_policy *p);
TEEIO_MUST_CHECK teeio_err gp_dma(const struct gp *c, json_t *root, struct teeio_guest_policy *p);

/* ---- PEM / base64 ------------------------------------------------------ */

/*
 * Decode base64 (RFC 4648, whitespace ignored, padding required) into
 * out[cap].  USAGE on a bad character or length, SIZE when it does not fit.
 */
TEEIO_MUST_CHECK teeio_err guest_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap,
					       size_t *out_len);
/*
 * The DER of the first "-----BEGIN CERTIFICATE-----" block of `text`.
 * USAGE_NOT_FOUND without one, else as guest_base64_decode.
 */
TEEIO_MUST_CHECK teeio_err guest_pem_cert(const char *text, size_t len, uint8_t *out, size_t cap,
					  size_t *out_len);

/* ---- verdicts ---------------------------------------------------------- */

/* True for reasons that are notes, not rejections. */
bool gv_is_note(enum teeio_guest_reason r);
/* Record a rejection (or a note, see gv_is_note). */
void gv_add(struct teeio_guest_verdict *v, enum teeio_guest_area area,
	    enum teeio_guest_reason reason, uint32_t index, const char *fmt, ...)
    TEEIO_PRINTF(5, 6);

/* The checks (evidence_*.c); each records into v. */
void gv_chain(const struct teeio_crypto_ops *ops, const struct teeio_guest_policy *pol,
	      const struct teeio_guest_evidence *ev, struct teeio_guest_verdict *v);
void gv_spdm(const struct teeio_guest_policy *pol, const struct teeio_guest_evidence *ev,
	     struct teeio_guest_verdict *v);
void gv_meas(const struct teeio_crypto_ops *ops, const struct teeio_guest_policy *pol,
	     const struct teeio_guest_evidence *ev, struct teeio_guest_verdict *v);
void gv_report(const struct teeio_guest_policy *pol, const struct teeio_guest_evidence *ev,
	       const struct teeio_guest_mmio_map *maps, size_t n_maps,
	       struct teeio_guest_verdict *v);

#endif
