/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio/common.h - errors, the bounded buffer cursor, constant-time helpers,
 * secure wipe and logging.  Everything in teeio is built on these.
 *
 * No global state: a logger is a value passed to whoever logs.
 */
#ifndef TEEIO_COMMON_H
#define TEEIO_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TEEIO_MUST_CHECK __attribute__((warn_unused_result))
#define TEEIO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TEEIO_MUST_CHECK
#define TEEIO_PRINTF(f, a)
#endif

#define TEEIO_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Errors, grouped by kind.  The kind is the high byte so that callers can
 * branch on it (teeio_err_kind) without listing every code.  0 is success.
 * Protocol layers map these onto their wire error codes (SPDM ERROR,
 * TDISP_ERROR, IDE_KM ack status) at their own boundary.
 */
enum teeio_err_kind {
	TEEIO_KIND_OK = 0x00,
	TEEIO_KIND_PROTOCOL = 0x01, /* the peer sent something wrong       */
	TEEIO_KIND_STATE = 0x02, /* valid message, wrong time            */
	TEEIO_KIND_SIZE = 0x03, /* does not fit / truncated             */
	TEEIO_KIND_CRYPTO = 0x04, /* crypto failed or did not verify      */
	TEEIO_KIND_TRANSPORT = 0x05, /* socket, mailbox, framing             */
	TEEIO_KIND_USAGE = 0x06, /* caller misuse, bad argument, config  */
	TEEIO_KIND_INTERNAL = 0x07, /* bug or resource exhaustion           */
};

typedef enum teeio_err {
	TEEIO_OK = 0,

	TEEIO_ERR_PROTO = 0x0100, /* malformed message                  */
	TEEIO_ERR_PROTO_RESERVED, /* reserved field not zero            */
	TEEIO_ERR_PROTO_VERSION, /* unsupported / mismatched version   */
	TEEIO_ERR_PROTO_UNSUPPORTED, /* message or feature not supported   */
	TEEIO_ERR_PROTO_PEER_ERROR, /* the peer answered with an error    */
	TEEIO_ERR_PROTO_NEGOTIATION, /* no common algorithm/version        */
	TEEIO_ERR_PROTO_BUSY, /* peer busy / not ready              */

	TEEIO_ERR_STATE = 0x0200, /* message not allowed in this state  */
	TEEIO_ERR_STATE_DEAD, /* context failed earlier (sticky)    */
	TEEIO_ERR_STATE_NO_SESSION, /* needs a secured session            */

	TEEIO_ERR_SIZE = 0x0300, /* output does not fit                */
	TEEIO_ERR_SIZE_TRUNCATED, /* input ended early                  */
	TEEIO_ERR_SIZE_TRAILING, /* input has bytes after the end      */
	TEEIO_ERR_SIZE_LIMIT, /* exceeds a configured bound         */

	TEEIO_ERR_CRYPTO = 0x0400, /* crypto backend failure             */
	TEEIO_ERR_CRYPTO_VERIFY, /* signature / MAC / tag mismatch     */
	TEEIO_ERR_CRYPTO_CERT, /* certificate chain rejected         */
	TEEIO_ERR_CRYPTO_UNSUPPORTED, /* algorithm not available            */
	TEEIO_ERR_CRYPTO_RNG, /* random generator failed            */

	TEEIO_ERR_TRANSPORT = 0x0500, /* I/O failure                        */
	TEEIO_ERR_TRANSPORT_CLOSED, /* peer closed                        */
	TEEIO_ERR_TRANSPORT_TIMEOUT, /* nothing arrived in time            */
	TEEIO_ERR_TRANSPORT_ABORT, /* mailbox aborted / marked dead      */

	TEEIO_ERR_USAGE = 0x0600, /* bad argument                       */
	TEEIO_ERR_USAGE_CONFIG, /* bad configuration / profile        */
	TEEIO_ERR_USAGE_NOT_FOUND, /* no such object                     */

	TEEIO_ERR_INTERNAL = 0x0700, /* should not happen                  */
	TEEIO_ERR_INTERNAL_NOMEM, /* allocation failed (tools only)     */
} teeio_err;

/** Kind of an error code (its high byte). */
static inline enum teeio_err_kind teeio_err_kind(teeio_err e)
{
	return (enum teeio_err_kind)(((unsigned)e >> 8) & 0xff);
}

/** Short stable name of an error code, e.g. "proto.reserved". Never NULL. */
const char *teeio_err_str(teeio_err e);

/* Propagate a failure: evaluate once, return it if not TEEIO_OK. */
#define TRY(expr)                            \
	do {                                 \
		teeio_err try_err_ = (expr); \
		if (try_err_ != TEEIO_OK)    \
			return try_err_;     \
	} while (0)

/* Return err when cond does not hold. */
#define ENSURE(cond, err)             \
	do {                          \
		if (!(cond))          \
			return (err); \
	} while (0)

/* Like TRY/ENSURE, but set `rc` and jump to `out` (for paths that must
 * wipe or release on every exit). */
#define TRY_OUT(expr)               \
	do {                        \
		rc = (expr);        \
		if (rc != TEEIO_OK) \
			goto out;   \
	} while (0)
#define ENSURE_OUT(cond, err)       \
	do {                        \
		if (!(cond)) {      \
			rc = (err); \
			goto out;   \
		}                   \
	} while (0)

/* ------------------------------------------------------------------------ */
/* Bounded cursor.                                                          */
/*
 * A teeio_buf is a window [data, data+cap) with a position.  Readers take
 * from `pos` and fail with TEEIO_ERR_SIZE_TRUNCATED when fewer bytes remain;
 * writers append at `pos` and fail with TEEIO_ERR_SIZE when the window is
 * full.  A failed call never moves the cursor, so a caller may stop at the
 * first error and report it.  Wire formats are always decoded through this
 * cursor: never by casting a struct over input.
 */
struct teeio_buf {
	uint8_t *data;
	size_t cap; /* bytes in the window                  */
	size_t pos; /* next byte to read or write           */
};

/** A cursor for reading `len` bytes of `data` (the data is not modified). */
static inline struct teeio_buf teeio_buf_reader(const void *data, size_t len)
{
	struct teeio_buf b = {(uint8_t *)(uintptr_t)data, len, 0};
	return b;
}

/** A cursor for writing into `cap` bytes of `data`. */
static inline struct teeio_buf teeio_buf_writer(void *data, size_t cap)
{
	struct teeio_buf b = {(uint8_t *)data, cap, 0};
	return b;
}

/** Bytes left between the position and the end of the window. */
static inline size_t teeio_buf_left(const struct teeio_buf *b)
{
	return b->cap - b->pos;
}

/** Pointer at the current position (not advanced). */
static inline uint8_t *teeio_buf_cur(const struct teeio_buf *b)
{
	return b->data + b->pos;
}

TEEIO_MUST_CHECK teeio_err teeio_buf_get_u8(struct teeio_buf *b, uint8_t *v);
TEEIO_MUST_CHECK teeio_err teeio_buf_get_u16le(struct teeio_buf *b, uint16_t *v);
TEEIO_MUST_CHECK teeio_err teeio_buf_get_u24le(struct teeio_buf *b, uint32_t *v);
TEEIO_MUST_CHECK teeio_err teeio_buf_get_u32le(struct teeio_buf *b, uint32_t *v);
TEEIO_MUST_CHECK teeio_err teeio_buf_get_u64le(struct teeio_buf *b, uint64_t *v);
TEEIO_MUST_CHECK teeio_err teeio_buf_get_u16be(struct teeio_buf *b, uint16_t *v);
TEEIO_MUST_CHECK teeio_err teeio_buf_get_u32be(struct teeio_buf *b, uint32_t *v);
/** Copy `len` bytes out (out may be NULL to skip). */
TEEIO_MUST_CHECK teeio_err teeio_buf_get_bytes(struct teeio_buf *b, void *out, size_t len);
/** Borrow `len` bytes in place: *p points into the window. */
TEEIO_MUST_CHECK teeio_err teeio_buf_get_ref(struct teeio_buf *b, const uint8_t **p, size_t len);
/** Consume `len` reserved bytes; TEEIO_ERR_PROTO_RESERVED unless all zero. */
TEEIO_MUST_CHECK teeio_err teeio_buf_expect_zero(struct teeio_buf *b, size_t len);
/** TEEIO_ERR_SIZE_TRAILING unless the whole window has been read. */
TEEIO_MUST_CHECK teeio_err teeio_buf_expect_end(const struct teeio_buf *b);
/** Skip `len` bytes. */
TEEIO_MUST_CHECK teeio_err teeio_buf_skip(struct teeio_buf *b, size_t len);

TEEIO_MUST_CHECK teeio_err teeio_buf_put_u8(struct teeio_buf *b, uint8_t v);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_u16le(struct teeio_buf *b, uint16_t v);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_u24le(struct teeio_buf *b, uint32_t v);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_u32le(struct teeio_buf *b, uint32_t v);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_u64le(struct teeio_buf *b, uint64_t v);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_u16be(struct teeio_buf *b, uint16_t v);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_u32be(struct teeio_buf *b, uint32_t v);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_bytes(struct teeio_buf *b, const void *p, size_t len);
TEEIO_MUST_CHECK teeio_err teeio_buf_put_zero(struct teeio_buf *b, size_t len);
/**
 * Reserve `len` bytes to fill later (e.g. a length prefix written once the
 * body is known).  *slot points at the reserved bytes, which are zeroed.
 */
TEEIO_MUST_CHECK teeio_err teeio_buf_reserve(struct teeio_buf *b, size_t len, uint8_t **slot);

/* Little/big-endian stores and loads on raw memory (for reserved slots). */
static inline void teeio_store_u16le(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void teeio_store_u24le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
}
static inline void teeio_store_u32le(uint8_t *p, uint32_t v)
{
	teeio_store_u16le(p, (uint16_t)v);
	teeio_store_u16le(p + 2, (uint16_t)(v >> 16));
}
static inline void teeio_store_u64le(uint8_t *p, uint64_t v)
{
	teeio_store_u32le(p, (uint32_t)v);
	teeio_store_u32le(p + 4, (uint32_t)(v >> 32));
}
static inline void teeio_store_u32be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}
static inline uint16_t teeio_load_u16le(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t teeio_load_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}
static inline uint64_t teeio_load_u64le(const uint8_t *p)
{
	return (uint64_t)teeio_load_u32le(p) | ((uint64_t)teeio_load_u32le(p + 4) << 32);
}
static inline uint32_t teeio_load_u32be(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
	       (uint32_t)p[3];
}

/* ------------------------------------------------------------------------ */
/* Constant time and wiping.                                                */

/** true when a and b hold the same `len` bytes; time depends only on len. */
bool teeio_ct_memeq(const void *a, const void *b, size_t len);
/** true when all `len` bytes are zero; time depends only on len. */
bool teeio_ct_is_zero(const void *a, size_t len);
/** Zero `len` bytes in a way the compiler may not elide. */
void teeio_wipe(void *p, size_t len);

/* ------------------------------------------------------------------------ */
/* Logging.                                                                 */

enum teeio_log_level {
	TEEIO_LOG_ERROR = 0,
	TEEIO_LOG_WARN = 1,
	TEEIO_LOG_INFO = 2, /* -v   */
	TEEIO_LOG_DEBUG = 3, /* -vv  */
	TEEIO_LOG_TRACE = 4, /* -vvv: hex dumps of every message */
};

/*
 * A logger: messages at or below `level` go to `sink` (NULL: stderr).
 * A NULL logger pointer is valid everywhere and logs nothing.  Quiet by
 * default: a zero-initialised logger prints errors only.
 */
struct teeio_log {
	enum teeio_log_level level;
	FILE *sink;
	const char *prefix; /* e.g. "dsm", printed in brackets; may be NULL */
};

/** Log a printf-style message if `lvl` is enabled in `log`. */
void teeio_log(const struct teeio_log *log, enum teeio_log_level lvl, const char *fmt, ...)
    TEEIO_PRINTF(3, 4);
/** Hex dump of `len` bytes under a title, at level `lvl`. */
void teeio_log_hex(const struct teeio_log *log, enum teeio_log_level lvl, const char *title,
		   const void *data, size_t len);
/** True when `lvl` would be printed (to skip costly formatting). */
static inline bool teeio_log_on(const struct teeio_log *log, enum teeio_log_level lvl)
{
	return log && lvl <= log->level;
}

/** Write a classic 16-bytes-per-line hex dump of `data` to `f`. */
void teeio_hexdump(FILE *f, const void *data, size_t len);
/** Lowercase hex of `len` bytes into out (2*len+1 bytes, NUL-terminated). */
void teeio_hex(char *out, const void *data, size_t len);
/**
 * Parse hex (whitespace ignored) into out.  *outlen receives the byte count.
 * TEEIO_ERR_USAGE on a non-hex character or an odd digit count,
 * TEEIO_ERR_SIZE when it does not fit.
 */
TEEIO_MUST_CHECK teeio_err teeio_unhex(const char *hex, uint8_t *out, size_t cap, size_t *outlen);

/** Library version string, e.g. "0.1.0". */
const char *teeio_version(void);

#ifdef __cplusplus
}
#endif
#endif /* TEEIO_COMMON_H */
