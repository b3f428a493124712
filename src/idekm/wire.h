/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM wire constants, in one place.
 *
 * IDE_KM (PCIe Base 6.x section 6.33.3) travels as the payload of SPDM
 * VENDOR_DEFINED_REQUEST/RESPONSE (DSP0274 10.13) with StandardID 3
 * (PCI-SIG) and VendorID 0x0001; the first payload byte is the PCI-SIG
 * protocol ID (0 = IDE_KM), the second the IDE_KM Object ID.  The PCIe
 * text is members-only; the facts below are the public ones in DMTF
 * libspdm include/industry_standard/pci_idekm.h and the spdm-emu IDE_KM
 * libraries (library/pci_ide_km_{requester,responder}_lib).
 *
 * Offsets are from the protocol ID byte (payload offset 0).  All multi-byte
 * fields are little-endian.
 */
#ifndef TEEIO_IDEKM_WIRE_H
#define TEEIO_IDEKM_WIRE_H

/* PCI-SIG protocol ID of IDE_KM inside the vendor-defined payload. */
#define IDEKM_PROTOCOL_ID 0x00

/* Object IDs (pci_idekm.h PCI_IDE_KM_OBJECT_ID_*). */
#define IDEKM_QUERY 0x00
#define IDEKM_QUERY_RESP 0x01
#define IDEKM_KEY_PROG 0x02
#define IDEKM_KP_ACK 0x03
#define IDEKM_K_SET_GO 0x04
#define IDEKM_K_SET_STOP 0x05
#define IDEKM_K_GOSTOP_ACK 0x06

/*
 * Fixed part sizes, protocol ID included.
 *   QUERY:       proto, object, reserved, port_index                     (4)
 *   QUERY_RESP:  proto, object, reserved, port_index, dev_func_num,
 *                bus_num, segment, max_port_index, then register DWORDs  (8 + 4n)
 *   KEY_PROG:    proto, object, reserved u16, stream_id, reserved,
 *                key_sub_stream, port_index, KEY 8 DW, IFV 2 DW          (8 + 40)
 *   KP_ACK:      proto, object, reserved u16, stream_id, status,
 *                key_sub_stream, port_index                             (8)
 *   K_SET_GO / K_SET_STOP / K_GOSTOP_ACK: as KP_ACK with a reserved byte
 *                in place of status                                     (8)
 */
#define IDEKM_QUERY_LEN 4
#define IDEKM_QUERY_RESP_FIXED 8
#define IDEKM_SEL_LEN 8 /* KP_ACK, K_SET_GO, K_SET_STOP, K_GOSTOP_ACK */
#define IDEKM_KEY_DWORDS 8
#define IDEKM_IFV_DWORDS 2
#define IDEKM_KEY_PROG_LEN (IDEKM_SEL_LEN + 4 * (IDEKM_KEY_DWORDS + IDEKM_IFV_DWORDS))

/* Byte offsets shared by KEY_PROG, KP_ACK, K_SET_* and K_GOSTOP_ACK. */
#define IDEKM_OFF_OBJECT 1
#define IDEKM_OFF_STREAM_ID 4
#define IDEKM_OFF_STATUS 5 /* KP_ACK; reserved elsewhere */
#define IDEKM_OFF_KSS 6
#define IDEKM_OFF_PORT 7

/* key_sub_stream byte (pci_idekm.h PCI_IDE_KM_KEY_*). */
#define IDEKM_KSS_KEY_SET 0x01 /* 0 K0, 1 K1                        */
#define IDEKM_KSS_DIR_TX 0x02 /* 0 RX, 1 TX                        */
#define IDEKM_KSS_RESERVED 0x0c
#define IDEKM_KSS_SS_SHIFT 4 /* sub-stream: 0 PR, 1 NPR, 2 CPL    */
#define IDEKM_KSS_SS_MASK 0xf0
#define IDEKM_SS_MAX 2

/* KP_ACK Status (pci_idekm.h PCI_IDE_KM_KP_ACK_STATUS_*). */
#define IDEKM_KP_SUCCESS 0x00
#define IDEKM_KP_INCORRECT_LENGTH 0x01
#define IDEKM_KP_UNSUPPORTED_PORT 0x02
#define IDEKM_KP_UNSUPPORTED_VALUE 0x03
#define IDEKM_KP_UNSPECIFIED 0x04

/*
 * IFV initial value.  assumption: the only value a responder accepts in
 * KEY_PROG is IFV DWORD 0 = 0, DWORD 1 = 1 (the invocation field starts
 * at 1).  That is what libspdm/spdm-emu requesters send and what Intel's
 * teeio-validator KEY_PROG case 2.5 expects a device to insist on (any
 * other value -> KP_ACK "unsupported value").
 */
#define IDEKM_IFV0_INITIAL 0x00000000u
#define IDEKM_IFV1_INITIAL 0x00000001u

/*
 * QUERY_RESP register block (PCIe 6.x section 7.9.26; Linux
 * include/uapi/linux/pci_regs.h PCI_IDE_*): IDE Capability register, IDE
 * Control register, one 2-DWORD block (control, status) per Link IDE
 * stream, then per Selective IDE stream 3 DWORDs (capability, control,
 * status), 2 RID association DWORDs and 3 DWORDs per address association
 * block.  The extended capability header itself is not sent (libspdm's
 * PCI_IDE_KM_IDE_REG_BLOCK_*_COUNT arithmetic).
 */
#define IDE_CAP_LINK 0x00000001u /* Link IDE Stream Supported      */
#define IDE_CAP_SELECTIVE 0x00000002u /* Selective IDE Streams Supported */
#define IDE_CAP_LINK_TC_SHIFT 13 /* Number of TCs for Link IDE - 1 */
#define IDE_CAP_LINK_TC_MASK 0x7u
#define IDE_CAP_SEL_NUM_SHIFT 16 /* Number of Selective Streams - 1 */
#define IDE_CAP_SEL_NUM_MASK 0xffu
#define IDE_SEL_CAP_ASSOC_MASK 0xfu /* Address Association blocks    */
#define IDE_REGS_HEAD 2 /* capability + control          */
#define IDE_LINK_BLOCK 2
#define IDE_SEL_BLOCK_FIXED 5
#define IDE_ADDR_BLOCK 3

#endif
