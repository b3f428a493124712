/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RESPOND_IF_READY (DSP0274 1.3, 10.12.1): Param1 = the original request
 * code, Param2 = the token of the ResponseNotReady.  The kept request is
 * dispatched again as if it had just arrived (so it enters the transcripts
 * then, and the device may defer it once more).  With nothing kept the
 * request is unexpected; a wrong code or token is invalid.
 */
#include <string.h>

#include "rsp.h"

teeio_err rsp_respond_if_ready(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_buf b = rsp_body(c);

	TRY(rsp_end(c, &b));
	if (!rsp->pending.active || rsp->pending.session != (c->sess ? c->sess->id : 0))
		return rsp_fail(c, SPDM_ERR_UNEXPECTED_REQUEST, 0);
	ENSURE(c->param1 == rsp->pending.code && c->param2 == rsp->pending.token, TEEIO_ERR_PROTO);

	struct rsp_call inner;
	memset(&inner, 0, sizeof(inner));
	inner.req = rsp->pending.req;
	inner.len = rsp->pending.len;
	inner.sess = c->sess;
	inner.out = c->out;
	rsp_dispatch(rsp, &inner);
	c->out.pos = inner.out.pos;
	c->no_response = inner.no_response;
	return TEEIO_OK;
}
