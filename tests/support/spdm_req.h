/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helpers for the SPDM requester:
 *  - a scripted responder (a table of canned answers, one per exchange);
 *  - a man-in-the-middle forwarding to a real I/O and mutating a chosen
 *    answer;
 *  - an in-process world: a generated device chain, a responder
 *    (teeio/spdm_rsp.h) for one algorithm combination, a requester trusting
 *    the chain's root, and the I/O that calls the responder directly.
 */
#ifndef TEEIO_TEST_SPDM_REQ_H
#define TEEIO_TEST_SPDM_REQ_H

#include "teeio/pki.h"
#include "teeio/spdm_req.h"
#include "teeio/spdm_rsp.h"

#define SPDM_PEER_STEPS_MAX 32
#define SPDM_PEER_MSG_MAX 4480

/* One canned answer. */
struct spdm_peer_step {
	const uint8_t *rsp;
	size_t len;
};

/* Scripted responder: answers exchange i with steps[i]; past the end it
 * reports TEEIO_ERR_TRANSPORT_CLOSED.  Records the last request. */
struct spdm_peer_script {
	const struct spdm_peer_step *steps;
	size_t n_steps;
	size_t next;
	uint8_t last_req[SPDM_PEER_MSG_MAX];
	size_t last_req_len;
	bool last_secured;
};

/** An I/O whose answers come from `s`. */
struct teeio_spdm_io spdm_peer_script_io(struct spdm_peer_script *s);

struct spdm_mitm;
/* Called on every answer; may rewrite it (at most `cap` bytes). */
typedef void (*spdm_mitm_fn)(struct spdm_mitm *m, bool secured, uint8_t *rsp, size_t *len,
			     size_t cap);

struct spdm_mitm {
	struct teeio_spdm_io inner;
	size_t count; /* answers so far (the current one's index) */
	spdm_mitm_fn fn; /* NULL: forward untouched                  */
	void *fn_ctx;
	unsigned hits; /* for fn's own bookkeeping                 */
	/* The previous secured answer, so that a test can replay it. */
	uint8_t prev_rec[SPDM_PEER_MSG_MAX];
	size_t prev_rec_len;
};

/** An I/O forwarding to m->inner and passing every answer through m->fn. */
struct teeio_spdm_io spdm_mitm_io(struct spdm_mitm *m);

/** Delay callback that counts calls and sums the requested waits. */
struct spdm_delay_count {
	unsigned calls;
	uint64_t total_usec;
};
void spdm_delay_count_fn(void *ctx, uint64_t usec);

/* One algorithm combination and version. */
struct spdm_combo {
	const char *name;
	uint8_t version;
	enum teeio_sig_alg sig;
	enum teeio_hash_alg hash;
	enum teeio_dhe_alg dhe;
	enum teeio_aead_alg aead;
};

struct spdm_world {
	const struct teeio_crypto_ops *ops;
	struct teeio_pki_chain chain;
	uint8_t der[TEEIO_CERT_MAX * TEEIO_PKI_CHAIN_CERTS_MAX];
	size_t der_len;
	const uint8_t *root;
	size_t root_len;

	struct teeio_spdm_rsp_meas_entry meas_entries[4];
	struct teeio_spdm_rsp_meas meas;
	struct teeio_spdm_vendor_handler vendor[1];
	struct teeio_spdm_rsp_config rcfg;
	struct teeio_spdm_rsp rsp;

	struct teeio_spdm_req_config qcfg;
	struct teeio_spdm_req req;
	struct teeio_spdm_io io; /* the direct in-process exchange */
	unsigned exchanges;
};

/* ---- canned VCA responses (spdm_req_canned.c) ---------------------- */

/** VERSION listing `vers` (SPDMVersion bytes). */
size_t spdm_mk_version(uint8_t *o, const uint8_t *vers, size_t n);
/** CAPABILITIES of version v (12 bytes before 1.2, 20 from 1.2). */
size_t spdm_mk_caps(uint8_t *o, uint8_t v, uint32_t flags, uint32_t dts, uint32_t mms);

/* ALGORITHMS fields; spdm_algs_default gives P-384/SHA-384/secp384r1/
 * AES-256-GCM with three AlgStructures (DHE, AEAD, KeySchedule). */
struct spdm_algs {
	uint8_t v, n_structs, meas_spec, other, mel, ext_asym;
	uint32_t meas_hash, asym, hash;
	uint16_t sel[5]; /* per AlgStructure */
	uint8_t types[5];
	uint8_t count_byte;
	int len_delta;
	bool reserved;
};

void spdm_algs_default(struct spdm_algs *a, uint8_t version);
/** ALGORITHMS from `a` (at most 64 bytes). */
size_t spdm_mk_algs(uint8_t *o, const struct spdm_algs *a);

/* Generate keys and certificates for `c` (cached per signature algorithm
 * would be faster; generation is a few ms except RSA). */
TEEIO_MUST_CHECK teeio_err spdm_world_init(struct spdm_world *w, const struct spdm_combo *c,
					   uint32_t rsp_caps);
/* Initialise the requester over `io` (NULL: the direct exchange). */
TEEIO_MUST_CHECK teeio_err spdm_world_start(struct spdm_world *w, const struct teeio_spdm_io *io);
void spdm_world_free(struct spdm_world *w);

/* Responder capabilities used by default: everything teeio implements. */
#define SPDM_WORLD_RSP_CAPS                                                        \
	(TEEIO_SPDM_CAP_CERT | TEEIO_SPDM_CAP_CHAL | TEEIO_SPDM_CAP_MEAS_SIG |     \
	 TEEIO_SPDM_CAP_MEAS_FRESH | TEEIO_SPDM_CAP_ENCRYPT | TEEIO_SPDM_CAP_MAC | \
	 TEEIO_SPDM_CAP_KEY_EX | TEEIO_SPDM_CAP_HBEAT | TEEIO_SPDM_CAP_KEY_UPD |   \
	 TEEIO_SPDM_CAP_CHUNK)

#endif
