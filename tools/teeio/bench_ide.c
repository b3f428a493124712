/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * teeio bench ide: throughput of IDE-protected TLPs (encrypt at the root
 * port, verify and decrypt at the endpoint) beside raw AES-256-GCM seal +
 * open through the same crypto ops table, for the same payload sizes, the
 * same AAD length (an IDE prefix and a 3DW header, 16 bytes) and the same
 * 96-bit tag, measured in the same run.  The ratio is the cost of the
 * engine itself: header encode/decode, key slot and counter handling,
 * checks and delivery.
 *
 * Sizes are timed in alternating rounds (raw, ide, raw, ide, ...) and the
 * best round of each counts, so a noisy neighbour on the machine skews
 * both alike.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "teeio/ide.h"

#define ROUNDS 10
#define AAD_LEN 16 /* IDE prefix + 3DW memory header */

static const size_t sizes[] = {64, 256, 1024, 4096};
/* The goals set for the engine (ratio to raw). */
static double target_of(size_t size)
{
	return size == 256 ? 0.90 : size == 4096 ? 0.95 : 0.0;
}

struct ide_bench {
	const struct teeio_crypto_ops *ops;
	struct teeio_ide_stream *host, *dev;
	struct teeio_aead raw;
	uint64_t raw_ctr;
	struct teeio_tlp tlp;
	struct teeio_ide_sink sink;
	struct teeio_ide_deliver deliver;
	uint64_t delivered;
	size_t wire_len;
	uint8_t *wire; /* wire_buf + 48: the payload (after 16 bytes) on a cache line */
	uint8_t aad[AAD_LEN];
	uint8_t tag[TEEIO_IDE_MAC_LEN];
	/* Both sides work on cache-line aligned payloads. */
	_Alignas(64) uint8_t pt[TEEIO_TLP_PAYLOAD_MAX];
	_Alignas(64) uint8_t ct[TEEIO_TLP_PAYLOAD_MAX];
	_Alignas(64) uint8_t wire_buf[64 + TEEIO_TLP_WIRE_MAX];
};

static size_t sink_room(void *ctx)
{
	(void)ctx;
	return 1;
}

static uint8_t *sink_reserve(void *ctx)
{
	return ((struct ide_bench *)ctx)->wire;
}

static void sink_commit(void *ctx, size_t len)
{
	((struct ide_bench *)ctx)->wire_len = len;
}

static void on_tlp(void *ctx, const struct teeio_tlp *t)
{
	(void)t;
	((struct ide_bench *)ctx)->delivered++;
}

/* raw: seal the payload out of place, open it in place (what IDE does) */
static int raw_op(void *ctx)
{
	struct ide_bench *b = ctx;
	uint8_t iv[TEEIO_AEAD_IV_SIZE] = {0};
	uint64_t c = b->raw_ctr++;
	for (int i = 0; i < 8; i++)
		iv[11 - i] = (uint8_t)(c >> (8 * i));
	size_t n = b->tlp.payload_len;
	if (b->ops->aead_seal(&b->raw, iv, b->aad, AAD_LEN, b->pt, n, b->ct, b->tag,
			      TEEIO_IDE_MAC_LEN) != TEEIO_OK)
		return 1;
	return b->ops->aead_open(&b->raw, iv, b->aad, AAD_LEN, b->ct, n, b->tag, TEEIO_IDE_MAC_LEN,
				 b->ct) != TEEIO_OK;
}

static int ide_op(void *ctx)
{
	struct ide_bench *b = ctx;
	if (teeio_ide_tx(b->host, &b->tlp, &b->sink) != TEEIO_OK)
		return 1;
	return teeio_ide_rx(b->dev, b->wire, b->wire_len, &b->deliver) != TEEIO_OK;
}

/* Key both ends of stream 1 on every sub-stream, K0, and enable them. */
static teeio_err setup(struct ide_bench *b)
{
	const struct teeio_ide_config cfg = {
	    .type = TEEIO_IDE_SELECTIVE, .stream_id = 1, .default_stream = true};
	TRY(teeio_ide_stream_init(b->host, b->ops, &cfg));
	TRY(teeio_ide_stream_init(b->dev, b->ops, &cfg));
	uint8_t down[TEEIO_IDE_KEY_LEN], up[TEEIO_IDE_KEY_LEN];
	TRY(b->ops->random(down, sizeof(down)));
	TRY(b->ops->random(up, sizeof(up)));
	const uint32_t ifv[2] = {0, 1};
	teeio_err rc = TEEIO_OK;
	for (unsigned ss = 0; ss < TEEIO_IDE_SUBSTREAMS && rc == TEEIO_OK; ss++) {
		rc = teeio_ide_key_prog(b->dev, TEEIO_IDE_DIR_RX, ss, 0, down, ifv);
		if (rc == TEEIO_OK)
			rc = teeio_ide_key_prog(b->host, TEEIO_IDE_DIR_TX, ss, 0, down, ifv);
		if (rc == TEEIO_OK)
			rc = teeio_ide_key_prog(b->host, TEEIO_IDE_DIR_RX, ss, 0, up, ifv);
		if (rc == TEEIO_OK)
			rc = teeio_ide_key_prog(b->dev, TEEIO_IDE_DIR_TX, ss, 0, up, ifv);
		for (unsigned d = 0; d < 2 && rc == TEEIO_OK; d++) {
			rc = teeio_ide_key_set_go(b->dev, d, ss, 0);
			if (rc == TEEIO_OK)
				rc = teeio_ide_key_set_go(b->host, d, ss, 0);
		}
	}
	if (rc == TEEIO_OK)
		rc = b->ops->aead_init(&b->raw, TEEIO_AEAD_AES256_GCM, down, sizeof(down));
	teeio_wipe(down, sizeof(down));
	teeio_wipe(up, sizeof(up));
	TRY(rc);
	teeio_ide_stream_enable(b->host);
	teeio_ide_stream_enable(b->dev);
	b->wire = b->wire_buf + 64 - AAD_LEN;
	b->sink = (struct teeio_ide_sink){sink_room, sink_reserve, sink_commit, b};
	b->deliver = (struct teeio_ide_deliver){on_tlp, b};
	for (size_t i = 0; i < sizeof(b->pt); i++)
		b->pt[i] = (uint8_t)(i * 31 + 7);
	memset(b->aad, 0x5a, sizeof(b->aad));
	return TEEIO_OK;
}

/* One payload size: warm up, then alternate timed rounds. */
static int measure(struct ide_bench *b, size_t size, uint64_t budget_ns, struct bench_row *row)
{
	b->tlp = (struct teeio_tlp){.type = TEEIO_TLP_MWR,
				    .addr = 0x80000000,
				    .requester_id = 0x0100,
				    .length_dw = (uint16_t)(size / 4),
				    .first_be = 0xf,
				    .last_be = size > 4 ? 0xf : 0,
				    .payload = b->pt,
				    .payload_len = size};
	uint64_t round_ns = budget_ns / (2 * ROUNDS);
	struct bench_run r;
	if (bench_time(raw_op, b, round_ns / 4, &r) || bench_time(ide_op, b, round_ns / 4, &r))
		return 1;
	*row = (struct bench_row){.size = size, .target = target_of(size)};
	for (int i = 0; i < ROUNDS; i++) {
		if (bench_time(raw_op, b, round_ns, &r))
			return 1;
		if (bench_mbps(&r, size) > row->ref_mbps)
			row->ref_mbps = bench_mbps(&r, size);
		uint64_t before = b->delivered;
		if (bench_time(ide_op, b, round_ns, &r) || b->delivered - before != r.ops)
			return 1;
		if (bench_mbps(&r, size) > row->mbps) {
			row->mbps = bench_mbps(&r, size);
			row->ops = r.ops;
		}
	}
	return 0;
}

int bench_ide(struct cli *cli, int argc, char **argv)
{
	unsigned long ms = 400;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf(
			    "usage: teeio bench ide [--json] [--time-ms N]\n"
			    "  encrypt+verify MB/s of MWr TLPs with 64, 256, 1024 and 4096-byte\n"
			    "  payloads beside raw AES-256-GCM seal+open of the same sizes;\n"
			    "  --time-ms: time per size, split over both (default 400)\n");
			return CLI_EXIT_OK;
		}
		if (!strcmp(argv[i], "--time-ms") && i + 1 < argc) {
			char *end;
			ms = strtoul(argv[++i], &end, 10);
			if (*end || ms == 0 || ms > 60000) {
				fprintf(stderr, "teeio bench ide: bad --time-ms\n");
				return CLI_EXIT_USAGE;
			}
		} else if (!cli_common_option(cli, argv[i])) {
			fprintf(stderr, "teeio bench ide: unknown option %s\n", argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	struct ide_bench *b = aligned_alloc(64, sizeof(*b));
	struct teeio_ide_stream *streams = calloc(2, sizeof(*streams));
	if (!b || !streams) {
		free(b);
		free(streams);
		return cli_fail("bench ide", "allocate", TEEIO_ERR_INTERNAL_NOMEM);
	}
	memset(b, 0, sizeof(*b));
	b->ops = cli->crypto;
	b->host = &streams[0];
	b->dev = &streams[1];
	int exit_code = CLI_EXIT_OK;
	teeio_err rc = setup(b);
	struct bench_row rows[TEEIO_ARRAY_LEN(sizes)];
	if (rc != TEEIO_OK) {
		exit_code = cli_fail("bench ide", "key the streams", rc);
		goto out;
	}
	for (size_t i = 0; i < TEEIO_ARRAY_LEN(sizes); i++) {
		if (measure(b, sizes[i], (uint64_t)ms * 1000000u, &rows[i])) {
			exit_code = cli_fail("bench ide", "encrypt/verify", TEEIO_ERR_INTERNAL);
			goto out;
		}
	}
	const struct bench_table t = {
	    .bench = "ide",
	    .what = "MWr TLP encrypt+verify (IDE) vs AES-256-GCM seal+open (raw), "
		    "16 B AAD, 96-bit MAC",
	    .ref_name = "raw",
	    .name = "ide",
	    .rows = rows,
	    .n_rows = TEEIO_ARRAY_LEN(sizes),
	};
	bench_print(stdout, cli->json, &t);
out:
	b->ops->aead_free(&b->raw);
	teeio_ide_stream_fini(b->host);
	teeio_ide_stream_fini(b->dev);
	free(streams);
	free(b);
	return exit_code;
}
