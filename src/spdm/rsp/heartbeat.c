/* SPDX-License-Identifier: BSD-3-Clause */
/* HEARTBEAT -> HEARTBEAT_ACK (DSP0274 1.3, 10.14): keeps a session alive. */
#include "rsp.h"

teeio_err rsp_heartbeat(struct teeio_spdm_rsp *rsp, struct rsp_call *c)
{
	struct teeio_buf b = rsp_body(c);

	(void)rsp;
	ENSURE(c->param1 == 0 && c->param2 == 0, TEEIO_ERR_PROTO_RESERVED);
	TRY(rsp_end(c, &b));
	return rsp_put_header(c, SPDM_HEARTBEAT_ACK, 0, 0);
}
