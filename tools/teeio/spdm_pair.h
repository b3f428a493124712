/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A teeio SPDM requester and responder in one process, joined by the
 * in-process carrier (each message still wrapped in PCIe DOE or MCTP as
 * on a wire).  The responder is a device with a generated certificate
 * chain and eight DMTF measurement blocks; the requester trusts that
 * chain's root.  Used by the demo and by `teeio bench spdm`.
 */
#ifndef TEEIO_SPDM_PAIR_H
#define TEEIO_SPDM_PAIR_H

#include "teeio/pki.h"
#include "teeio/spdm_io.h"

#define SPDM_PAIR_MEAS 8
#define SPDM_PAIR_BLOCKS 16

struct spdm_pair {
	const struct teeio_crypto_ops *ops;
	enum teeio_sig_alg alg;
	enum teeio_trans trans;

	/* The device's identity and measurements. */
	struct teeio_pki_chain chain;
	uint8_t der[TEEIO_PKI_CHAIN_CERTS_MAX * TEEIO_CERT_MAX];
	size_t der_len;
	uint8_t meas_values[SPDM_PAIR_MEAS][64];
	struct teeio_spdm_rsp_meas_entry meas_entries[SPDM_PAIR_MEAS];
	struct teeio_spdm_rsp_meas meas;
	struct teeio_spdm_rsp_config rcfg;
	struct teeio_spdm_rsp rsp;

	/* The host. */
	const uint8_t *roots[1];
	size_t root_lens[1];
	struct teeio_spdm_req_config qcfg;
	struct teeio_spdm_req req;
	struct teeio_spdm_loop_io loop;

	/* What a connection returns. */
	uint8_t chain_buf[TEEIO_SPDM_CERT_CHAIN_MAX];
	uint8_t record[TEEIO_SPDM_MAX_LARGE_MSG];
	struct teeio_spdm_meas_block blocks[SPDM_PAIR_BLOCKS];
	struct teeio_spdm_req_connect_result res;
};

/**
 * Build the pair for signature algorithm `alg` (hash, DHE group and AEAD
 * follow its strength: P-256 → SHA-256/secp256r1/AES-128-GCM, P-384 →
 * SHA-384/secp384r1/AES-256-GCM, others → SHA-512/secp521r1/AES-256-GCM)
 * on transport `t`.  `rsp_log` may be NULL.
 */
TEEIO_MUST_CHECK teeio_err spdm_pair_init(struct spdm_pair *p, const struct teeio_crypto_ops *ops,
					  enum teeio_sig_alg alg, enum teeio_trans t,
					  const struct teeio_log *log);
/** Start over: both sides forget the connection (keys wiped). */
void spdm_pair_reset(struct spdm_pair *p);
/**
 * The standard flow: VCA, digests, certificate (verified), CHALLENGE,
 * signed GET_MEASUREMENTS (all), and with `session` KEY_EXCHANGE + FINISH.
 * Results in p->res.
 */
TEEIO_MUST_CHECK teeio_err spdm_pair_connect(struct spdm_pair *p, bool session);
/** Release everything (secrets wiped). */
void spdm_pair_free(struct spdm_pair *p);

#endif
