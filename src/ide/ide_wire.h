/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wire constants of the TLP model and the IDE TLP Prefix, in one place.
 *
 * TLP header fields: PCIe Base 6.x section 2.2 (non-Flit mode TLP header,
 * "Fmt and Type", memory, configuration and completion headers); the IDE
 * TLP Prefix: section 6.33.4.  Byte numbers are wire order; bit 7 is the
 * most significant bit of a byte, as in the specification's figures.
 */
#ifndef TEEIO_IDE_WIRE_H
#define TEEIO_IDE_WIRE_H

/* Byte 0: Fmt[2:0] in bits 7:5, Type[4:0] in bits 4:0 (section 2.2.1). */
#define TLP_FMT_SHIFT 5
#define TLP_TYPE_MASK 0x1f
#define TLP_FMT_3DW 0x0 /* 3DW header, no data */
#define TLP_FMT_4DW 0x1 /* 4DW header, no data */
#define TLP_FMT_3DW_DATA 0x2 /* 3DW header, with data */
#define TLP_FMT_4DW_DATA 0x3 /* 4DW header, with data */
#define TLP_FMT_PREFIX 0x4 /* TLP Prefix */
#define TLP_FMT_HAS_DATA 0x2
#define TLP_FMT_4DW_BIT 0x1

#define TLP_TYPE_MEM 0x00 /* MRd / MWr */
#define TLP_TYPE_CFG0 0x04 /* CfgRd0 / CfgWr0 */
#define TLP_TYPE_CPL 0x0a /* Cpl / CplD */

/* Byte 1: T9 | TC[2:0] | T8 | Attr[2] | LN (obsolete) | TH. */
#define TLP_B1_T9 0x80
#define TLP_B1_TC_SHIFT 4
#define TLP_B1_TC_MASK 0x70
#define TLP_B1_T8 0x08
#define TLP_B1_ATTR2 0x04
#define TLP_B1_LN 0x02 /* reserved here */
#define TLP_B1_TH 0x01 /* TPH not modelled */

/* Byte 2: TD | EP | Attr[1:0] | AT[1:0] | Length[9:8]. */
#define TLP_B2_TD 0x80 /* ECRC (TLP digest) not modelled */
#define TLP_B2_EP 0x40
#define TLP_B2_ATTR_SHIFT 4
#define TLP_B2_ATTR_MASK 0x30
#define TLP_B2_AT_SHIFT 2
#define TLP_B2_AT_MASK 0x0c
#define TLP_B2_LEN_HI 0x03

#define TLP_LEN_MAX_DW 1024 /* Length 0 encodes 1024 DW */

/* Completion Status (section 2.2.9). */
#define TLP_CPL_SC 0x0
#define TLP_CPL_UR 0x1
#define TLP_CPL_CRS 0x2
#define TLP_CPL_CA 0x4
#define TLP_CPL_BYTE_COUNT_MAX 4096 /* Byte Count 0 encodes 4096 */

/*
 * IDE TLP Prefix (section 6.33.4): an End-End TLP Prefix, Fmt 100b and
 * Type 1_0010b, which precedes every other End-End prefix.
 *
 * assumption: the bit placement of the prefix's second to fourth bytes is
 * not in a public PCI-SIG text.  It follows public verification IP and
 * simulator models (and the Flit-mode OHC-C layout the public errata
 * describe): byte 1 PR_Sent_Counter, byte 2 Stream ID, byte 3
 * Sub-Stream[7:4] | P | M | K | T.  Sub-Stream bit 7 is Reserved for TEE-IO
 * components, so the value is 3 bits: 000b PR, 001b NPR, 010b CPL.
 */
#define IDE_PREFIX_B0 0x92
#define IDE_PREFIX_STREAM_ID_BYTE 2
#define IDE_B3_SS_SHIFT 4
#define IDE_B3_SS_MASK 0xf0
#define IDE_B3_P 0x08
#define IDE_B3_M 0x04
#define IDE_B3_K 0x02
#define IDE_B3_T 0x01
#define IDE_SUBSTREAM_MAX 2

#endif
