/* SPDX-License-Identifier: BSD-3-Clause */
#include "teeio/common.h"

#ifndef TEEIO_VERSION_STRING
#define TEEIO_VERSION_STRING "0.0.0"
#endif

const char *teeio_version(void)
{
	return TEEIO_VERSION_STRING;
}

const char *teeio_err_str(teeio_err e)
{
	switch (e) {
	case TEEIO_OK: return "ok";
	case TEEIO_ERR_PROTO: return "proto.malformed";
	case TEEIO_ERR_PROTO_RESERVED: return "proto.reserved";
	case TEEIO_ERR_PROTO_VERSION: return "proto.version";
	case TEEIO_ERR_PROTO_UNSUPPORTED: return "proto.unsupported";
	case TEEIO_ERR_PROTO_PEER_ERROR: return "proto.peer_error";
	case TEEIO_ERR_PROTO_NEGOTIATION: return "proto.negotiation";
	case TEEIO_ERR_PROTO_BUSY: return "proto.busy";
	case TEEIO_ERR_STATE: return "state.unexpected";
	case TEEIO_ERR_STATE_DEAD: return "state.dead";
	case TEEIO_ERR_STATE_NO_SESSION: return "state.no_session";
	case TEEIO_ERR_SIZE: return "size.overflow";
	case TEEIO_ERR_SIZE_TRUNCATED: return "size.truncated";
	case TEEIO_ERR_SIZE_TRAILING: return "size.trailing";
	case TEEIO_ERR_SIZE_LIMIT: return "size.limit";
	case TEEIO_ERR_CRYPTO: return "crypto.failure";
	case TEEIO_ERR_CRYPTO_VERIFY: return "crypto.verify";
	case TEEIO_ERR_CRYPTO_CERT: return "crypto.cert";
	case TEEIO_ERR_CRYPTO_UNSUPPORTED: return "crypto.unsupported";
	case TEEIO_ERR_CRYPTO_RNG: return "crypto.rng";
	case TEEIO_ERR_TRANSPORT: return "transport.io";
	case TEEIO_ERR_TRANSPORT_CLOSED: return "transport.closed";
	case TEEIO_ERR_TRANSPORT_TIMEOUT: return "transport.timeout";
	case TEEIO_ERR_TRANSPORT_ABORT: return "transport.abort";
	case TEEIO_ERR_USAGE: return "usage.argument";
	case TEEIO_ERR_USAGE_CONFIG: return "usage.config";
	case TEEIO_ERR_USAGE_NOT_FOUND: return "usage.not_found";
	case TEEIO_ERR_INTERNAL: return "internal";
	case TEEIO_ERR_INTERNAL_NOMEM: return "internal.nomem";
	}
	return "unknown";
}
