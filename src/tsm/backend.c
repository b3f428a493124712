/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backend registration: an ops table is checked once, when it is
 * registered, so that the core can call every op its caps promise without
 * testing for NULL at each call.
 */
#include <string.h>

#include "tsm_internal.h"

/* Required ops, by name for the log. */
struct req_op {
	const char *name;
	bool present;
};

static bool name_ok(const char *n)
{
	size_t len;

	if (!n)
		return false;
	len = strnlen(n, TEEIO_TSM_NAME_MAX);
	if (len == 0 || len >= TEEIO_TSM_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = n[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* A capability bit and its op agree: both or neither. */
static bool cap_matches(uint32_t caps, uint32_t bit, bool present)
{
	return ((caps & bit) != 0) == present;
}

static teeio_err validate(const struct teeio_tsm_backend_ops *ops, const struct teeio_log *log)
{
	if (!ops) {
		teeio_log(log, TEEIO_LOG_ERROR, "tsm: backend: no ops table");
		return TEEIO_ERR_USAGE_CONFIG;
	}
	if (ops->abi != TEEIO_TSM_BACKEND_ABI) {
		teeio_log(log, TEEIO_LOG_ERROR, "tsm: backend: ABI %u, want %u", ops->abi,
			  TEEIO_TSM_BACKEND_ABI);
		return TEEIO_ERR_USAGE_CONFIG;
	}
	if (!name_ok(ops->name)) {
		teeio_log(log, TEEIO_LOG_ERROR, "tsm: backend: bad name");
		return TEEIO_ERR_USAGE_CONFIG;
	}
	if (ops->caps & ~TEEIO_TSM_CAP_ALL) {
		teeio_log(log, TEEIO_LOG_ERROR, "tsm: backend %s: unknown caps 0x%x", ops->name,
			  ops->caps & ~TEEIO_TSM_CAP_ALL);
		return TEEIO_ERR_USAGE_CONFIG;
	}
	const struct req_op req[] = {
	    {"probe", ops->probe != NULL},
	    {"connect", ops->connect != NULL},
	    {"disconnect", ops->disconnect != NULL},
	    {"bind", ops->bind != NULL},
	    {"unbind", ops->unbind != NULL},
	    {"accept", ops->accept != NULL},
	    {"stop", ops->stop != NULL},
	    {"quiesce", ops->quiesce != NULL},
	};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(req); i++)
		if (!req[i].present) {
			teeio_log(log, TEEIO_LOG_ERROR, "tsm: backend %s: no %s op", ops->name,
				  req[i].name);
			return TEEIO_ERR_USAGE_CONFIG;
		}
	const struct {
		const char *name;
		uint32_t bit;
		bool present;
	} opt[] = {
	    {"key_refresh", TEEIO_TSM_CAP_KEY_REFRESH, ops->key_refresh != NULL},
	    {"heartbeat", TEEIO_TSM_CAP_HEARTBEAT, ops->heartbeat != NULL},
	    {"guest_request", TEEIO_TSM_CAP_GUEST_VENDOR, ops->guest_request != NULL},
	    {"remove", TEEIO_TSM_CAP_REMOVE, ops->remove != NULL},
	};
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(opt); i++)
		if (!cap_matches(ops->caps, opt[i].bit, opt[i].present)) {
			teeio_log(log, TEEIO_LOG_ERROR, "tsm: backend %s: cap and op %s disagree",
				  ops->name, opt[i].name);
			return TEEIO_ERR_USAGE_CONFIG;
		}
	return TEEIO_OK;
}

teeio_err teeio_tsm_backend_validate(const struct teeio_tsm_backend_ops *ops)
{
	return validate(ops, NULL);
}

teeio_err teeio_tsm_register_backend(struct teeio_tsm *t, const struct teeio_tsm_backend_ops *ops,
				     void *be)
{
	ENSURE(t, TEEIO_ERR_USAGE);
	TRY(validate(ops, t->cfg.log));
	for (unsigned i = 0; i < t->n_backends; i++)
		if (strcmp(t->backends[i].ops->name, ops->name) == 0) {
			teeio_log(t->cfg.log, TEEIO_LOG_ERROR, "tsm: backend %s registered twice",
				  ops->name);
			return TEEIO_ERR_USAGE_CONFIG;
		}
	ENSURE(t->n_backends < TEEIO_TSM_MAX_BACKENDS, TEEIO_ERR_SIZE_LIMIT);
	t->backends[t->n_backends].ops = ops;
	t->backends[t->n_backends].be = be;
	t->n_backends++;
	return TEEIO_OK;
}

const struct teeio_tsm_backend *tsm_backend_of(const struct teeio_tsm *t,
					       const struct teeio_tsm_dev *d)
{
	return &t->backends[d->backend];
}
