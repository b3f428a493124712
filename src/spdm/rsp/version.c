/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_VERSION -> VERSION (DSP0274 1.3, 10.3).  Always exchanged as
 * version 1.0; a GET_VERSION at any time resets the connection (ending
 * every session) and restarts the VCA transcript.
 */
#include "rsp.h"

teeio_err rsp_version(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	static const uint8_t all[] = {TEEIO_SPDM_V10, TEEIO_SPDM_V11, TEEIO_SPDM_V12,
				      TEEIO_SPDM_V13};
	struct teeio_buf b = rsp_body(c);
	uint8_t n = 0;

	/* Check parameters. */
	if (c->sess)
		return rsp_fail(c, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	if (c->version != SPDM_VERSION_10)
		return rsp_fail(c, SPDM_ERR_VERSION_MISMATCH, 0);
	if (c->param1 != 0 || c->param2 != 0)
		return rsp_fail(c, SPDM_ERR_INVALID_REQUEST, 0);
	TRY(rsp_end(c, &b));

	/* Process: forget everything about the previous connection. */
	rsp_conn_reset(rsp);
	c->version = SPDM_VERSION_10;

	/* Construct. */
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(all); i++)
		if (rsp_version_offered(rsp, all[i]))
			n++;
	TRY(rsp_put_header(c, SPDM_VERSION, 0, 0));
	TRY(teeio_buf_put_u8(&c->out, 0)); /* Reserved */
	TRY(teeio_buf_put_u8(&c->out, n));
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(all); i++)
		if (rsp_version_offered(rsp, all[i]))
			TRY(teeio_buf_put_u16le(&c->out, teeio_spdm_version_entry(all[i])));

	/* Commit. */
	TRY(teeio_spdm_conn_vca_append(&rsp->conn, c->req, SPDM_HDR_SIZE));
	TRY(teeio_spdm_conn_vca_append(&rsp->conn, c->out.data, c->out.pos));
	rsp->conn.state = TEEIO_SPDM_CONN_AFTER_VERSION;
	return TEEIO_OK;
}
