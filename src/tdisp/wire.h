/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP wire layout, in one place.
 *
 * TDISP (PCIe Base 6.x section 11, "TEE Device Interface Security
 * Protocol") travels as the payload of SPDM VENDOR_DEFINED_REQUEST/RESPONSE
 * (DSP0274 10.13) with StandardID 3 (PCI-SIG), VendorID 0x0001 and PCI-SIG
 * protocol ID 1 as the first payload byte.  The PCIe text is members-only;
 * codes and layouts below are the public ones in DMTF libspdm
 * include/industry_standard/pci_tdisp.h (cited as "pci_tdisp.h") and the
 * spdm-emu pci_tdisp_{requester,responder}_lib.  What only other public
 * implementations show, or what teeio had to decide, says `assumption:`.
 *
 * Offsets are from the TDISP version byte (the protocol ID excluded);
 * every multi-byte field is little-endian.
 */
#ifndef TEEIO_TDISP_WIRE_H
#define TEEIO_TDISP_WIRE_H

#include "teeio/tdisp.h"

/*
 * Header (pci_tdisp.h pci_tdisp_header_t, TDISP 11.3.1 "TDISP message
 * header"): version u8, message type u8, reserved u16, INTERFACE_ID =
 * FUNCTION_ID u32 + reserved u64.  16 bytes.
 */
#define TDISP_OFF_VERSION 0
#define TDISP_OFF_TYPE 1
#define TDISP_OFF_FUNCTION_ID 4
#define TDISP_HDR_LEN TEEIO_TDISP_HDR_LEN
#define TDISP_IFACE_RESERVED_LEN 8

/*
 * FUNCTION_ID (TDISP 11.3.1 INTERFACE_ID): requester ID 15:0, requester
 * segment 23:16, requester segment valid bit 24, reserved 31:25.
 * assumption: from Linux tdx_tsm TDISP_FUNC_ID_* and spdm-rs FunctionId;
 * a segment with the valid bit clear is malformed (spdm-rs rejects it).
 */
#define TDISP_FID_RID_MASK 0x0000FFFFu
#define TDISP_FID_SEG_SHIFT 16
#define TDISP_FID_SEG_MASK 0x00FF0000u
#define TDISP_FID_SEG_VALID 0x01000000u
#define TDISP_FID_RESERVED 0xFE000000u

/* Version byte: major 7:4, minor 3:0 (TDISP 1.0 = 0x10). */
#define TDISP_VERSION TEEIO_TDISP_VERSION_10

/*
 * Body sizes after the header (pci_tdisp.h structs):
 *   GET_TDISP_CAPABILITIES  TSM_CAPS u32                              4
 *   TDISP_CAPABILITIES      DSM_CAPS u32, REQ_MSGS_SUPPORTED[16],
 *                           LOCK_INTERFACE_FLAGS_SUPPORTED u16,
 *                           reserved[3], DEV_ADDR_WIDTH u8,
 *                           NUM_REQ_THIS u8, NUM_REQ_ALL u8           28
 *   LOCK_INTERFACE_REQUEST  FLAGS u16, DEFAULT_STREAM_ID u8, reserved u8,
 *                           MMIO_REPORTING_OFFSET u64,
 *                           BIND_P2P_ADDRESS_MASK u64                 20
 *   LOCK_INTERFACE_RSP      START_INTERFACE_NONCE[32]                 32
 *   GET_DEVICE_IF_REPORT    OFFSET u16, LENGTH u16                    4
 *   DEVICE_IF_REPORT        PORTION_LENGTH u16, REMAINDER_LENGTH u16,
 *                           REPORT[PORTION_LENGTH]                    4 + n
 *   DEVICE_IF_STATE         TDI_STATE u8                              1
 *   START_INTERFACE_REQ     START_INTERFACE_NONCE[32]                 32
 *   (UN)BIND_P2P_STREAM_REQ P2P_STREAM_ID u8                          1
 *   SET_MMIO_ATTRIBUTE_REQ  MMIO_RANGE                                16
 *   TDISP_ERROR             ERROR_CODE u32, ERROR_DATA u32, ext data  8 + n
 *   TDISP_VERSION           VERSION_NUM_COUNT u8, entries u8 each     1 + n
 */
#define TDISP_CAPS_REQ_LEN 4
#define TDISP_CAPS_RSP_LEN 28
#define TDISP_CAPS_RESERVED_LEN 3
#define TDISP_REQ_MSGS_LEN 16
#define TDISP_LOCK_REQ_LEN 20
#define TDISP_GET_REPORT_LEN 4
#define TDISP_REPORT_RSP_FIXED 4
#define TDISP_ERROR_FIXED 8

/*
 * REQ_MSGS_SUPPORTED: bit n (byte n/8, bit n%8) set when request code
 * 0x80 + n is supported.  assumption: the spdm-emu sample device sets
 * byte 0 = 0xFE for GET_TDISP_VERSION .. STOP_INTERFACE (0x81..0x87).
 */
#define TDISP_REQ_CODE_BASE 0x80

/*
 * MMIO_RANGE (pci_tdisp.h pci_tdisp_mmio_range_t): FIRST_PAGE u64 (4 KiB
 * page number with the MMIO reporting offset added), NUMBER_OF_PAGES u32,
 * RANGE_ATTRIBUTES u16 (bits 3:0 defined, 15:4 reserved), RANGE_ID u16
 * (bits 31:16 of the attribute DWORD).  16 bytes.
 */
#define TDISP_MMIO_RANGE_LEN 16
#define TDISP_RANGE_ATTRS_RESERVED ((uint16_t)~TEEIO_TDISP_RANGE_ATTRS_ALL)

/*
 * DEVICE_INTERFACE_REPORT structure (pci_tdisp.h
 * pci_tdisp_device_interface_report_struct_t): INTERFACE_INFO u16,
 * reserved u16, MSI_X_MESSAGE_CONTROL u16, LNR_CONTROL u16, TPH_CONTROL
 * u32, MMIO_RANGE_COUNT u32, MMIO_RANGE[count], DEVICE_SPECIFIC_INFO_LEN
 * u32, DEVICE_SPECIFIC_INFO[len].  Fixed part 16 bytes, tail 4.
 * Report offsets are u16, so a report is at most 0xFFFF bytes.
 */
#define TDISP_REPORT_FIXED 16
#define TDISP_REPORT_TAIL 4
#define TDISP_REPORT_MAX 0xFFFFu
#define TDISP_INFO_RESERVED ((uint16_t)~TEEIO_TDISP_INFO_ALL)

/* LOCK_INTERFACE_REQUEST FLAGS bits 15:5 are reserved. */
#define TDISP_LOCK_FLAGS_RESERVED ((uint16_t)~TEEIO_TDISP_LOCK_FLAGS_ALL)

/*
 * Vendor-defined part of VDM_REQUEST / VDM_RESPONSE and of TDISP_ERROR
 * extended error data (pci_tdisp.h pci_tdisp_extended_error_data_t):
 * REGISTRY_ID u8 (0 PCI-SIG, 1 CXL), VENDOR_ID_LEN u8, VENDOR_ID[len],
 * then vendor data to the end of the message.
 * assumption: VDM bodies use the same layout (spdm-rs
 * MessagePayloadRequestVDM), and extended error data follows only
 * ERROR_CODE VENDOR_SPECIFIC (spdm-rs); any other error has none.
 */
#define TDISP_REGISTRY_PCISIG 0x00
#define TDISP_REGISTRY_CXL 0x01

/* Largest request the requester builds: a VDM with a 255-byte vendor ID
 * and up to TDISP_REQ_VDM_DATA_MAX bytes of vendor data. */
#define TDISP_REQ_VDM_DATA_MAX 256
#define TDISP_REQ_BUF_MAX (1 + TDISP_HDR_LEN + 2 + 255 + TDISP_REQ_VDM_DATA_MAX)

/* Report bytes a requester asks for per GET_DEVICE_INTERFACE_REPORT. */
#define TDISP_REQ_PORTION_DEFAULT 1024

#endif /* TEEIO_TDISP_WIRE_H */
