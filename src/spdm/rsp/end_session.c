/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * END_SESSION -> END_SESSION_ACK (DSP0274 1.3, 10.20).  The ACK leaves
 * under the session's keys; the session is torn down (keys wiped, owner
 * told) right after.
 */
#include "rsp.h"

teeio_err rsp_end_session(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_buf b = rsp_body(c);

	(void)rsp;
	ENSURE((c->param1 & ~SPDM_END_SESSION_PRESERVE_STATE_CLEAR) == 0 && c->param2 == 0,
	       TEEIO_ERR_PROTO_RESERVED);
	TRY(rsp_end(c, &b));
	TRY(rsp_put_header(c, SPDM_END_SESSION_ACK, 0, 0));
	c->sess->end_pending = true;
	return TEEIO_OK;
}
