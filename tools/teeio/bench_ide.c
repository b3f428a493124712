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
 * Each size is timed in short batches of the same operation count,
 * alternating (raw, ide, raw, ide, ...) until its time is used up, and the
 * fastest batch of each side counts.  A batch lasts about 50 us, far less
 * than the few-millisecond slices in which a neighbour takes the CPU on a
 * shared machine, so most batches run undisturbed and both sides find
 * their undisturbed speed; a disturbance (another thread on the sibling
 * core, a frequency change) lasting longer hits neighbouring raw and ide
 * batches alike.  With 10 alternating rounds of 20 ms the ratio scattered
 * by +-20 points between runs on a loaded 2-core machine.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "teeio/ide.h"

#define BATCH_NS 50000u /* target length of one timed batch */
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

/*
 * raw: what a competent caller of the ops table does per message, and no
 * more.  The 96-bit IV is the message counter in the IDE layout (a zero
 * fixed field, then the counter big-endian) written with three word stores,
 * built once and used for both the seal and the open of that message.  The
 * AAD is the same 16 bytes, the tag the same 12 bytes, the payload the same
 * bytes as the IDE side's; the seal goes out of place (pt -> ct, as the IDE
 * transmitter seals from the caller's payload into the wire buffer) and the
 * open in place (as the IDE receiver does).  No copies, no checks beyond
 * the two return codes.  IDE's cost over this is the engine: header encode
 * and decode, stream, key set and counter checks, PR_Sent_Counter and the
 * sink and deliver hooks.
 */
static int raw_op(void *ctx)
{
	struct ide_bench *b = ctx;
	uint64_t c = b->raw_ctr++;
	uint8_t iv[TEEIO_AEAD_IV_SIZE];
	teeio_store_u32be(iv, 0);
	teeio_store_u32be(iv + 4, (uint32_t)(c >> 32));
	teeio_store_u32be(iv + 8, (uint32_t)c);
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

/* n calls of op; *ns receives their wall-clock time.  Non-zero on failure. */
static int time_batch(bench_op_fn op, void *ctx, uint64_t n, uint64_t *ns)
{
	uint64_t start = bench_now_ns();
	for (uint64_t i = 0; i < n; i++)
		if (op(ctx))
			return 1;
	*ns = bench_now_ns() - start;
	return 0;
}

/* One payload size: size the batches, then alternate them, keeping the
 * fastest of each side. */
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
	/* Warm up both and find the operation count of a BATCH_NS batch. */
	uint64_t n = 1, ns = 0;
	for (;;) {
		if (time_batch(raw_op, b, n, &ns) || time_batch(ide_op, b, n, &ns))
			return 1;
		if (ns >= BATCH_NS || n >= (1u << 20))
			break;
		n *= 2;
	}
	uint64_t best_raw = UINT64_MAX, best_ide = UINT64_MAX;
	uint64_t start = bench_now_ns();
	while (bench_now_ns() - start < budget_ns) {
		if (time_batch(raw_op, b, n, &ns))
			return 1;
		if (ns < best_raw)
			best_raw = ns;
		uint64_t before = b->delivered;
		if (time_batch(ide_op, b, n, &ns) || b->delivered - before != n)
			return 1;
		if (ns < best_ide)
			best_ide = ns;
	}
	const struct bench_run raw = {n, best_raw}, ide = {n, best_ide};
	*row = (struct bench_row){.size = size,
				  .ref_mbps = bench_mbps(&raw, size),
				  .mbps = bench_mbps(&ide, size),
				  .ops = n,
				  .target = target_of(size)};
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
