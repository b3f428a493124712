/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * src/spdm/wire.h - SPDM wire constants (DMTF DSP0274 1.0-1.3, DSP0277).
 *
 * Every request/response code, header layout constant, limit, error code,
 * algorithm bit and signing context string used on the wire.  Section
 * numbers refer to DSP0274 1.3.0 unless noted.  Capability flags are
 * public (teeio/spdm.h, TEEIO_SPDM_CAP_*) because configurations use them.
 *
 * Internal to src/spdm (requester, responder, core); not installed.
 */
#ifndef TEEIO_SPDM_WIRE_H
#define TEEIO_SPDM_WIRE_H

#include "teeio/spdm.h"

/* --- 10.x "SPDM message header": SPDMVersion, Code, Param1, Param2 ----- */
#define SPDM_HDR_SIZE 4

/* GET_VERSION / VERSION are always exchanged as version 1.0 (10.3). */
#define SPDM_VERSION_10 TEEIO_SPDM_V10
/* VERSION entry (10.3 Table "VersionNumber"): Major 15:12, Minor 11:8,
 * UpdateVersionNumber 7:4, Alpha 3:0. */
#define SPDM_VERSION_ENTRY_SHIFT 8

/* --- Request codes (Table 4 "SPDM request codes") ---------------------- */
#define SPDM_GET_DIGESTS 0x81
#define SPDM_GET_CERTIFICATE 0x82
#define SPDM_CHALLENGE 0x83
#define SPDM_GET_VERSION 0x84
#define SPDM_CHUNK_SEND 0x85
#define SPDM_CHUNK_GET 0x86
#define SPDM_GET_MEASUREMENTS 0xE0
#define SPDM_GET_CAPABILITIES 0xE1
#define SPDM_GET_SUPPORTED_EVENT_TYPES 0xE2
#define SPDM_NEGOTIATE_ALGORITHMS 0xE3
#define SPDM_KEY_EXCHANGE 0xE4
#define SPDM_FINISH 0xE5
#define SPDM_PSK_EXCHANGE 0xE6
#define SPDM_PSK_FINISH 0xE7
#define SPDM_HEARTBEAT 0xE8
#define SPDM_KEY_UPDATE 0xE9
#define SPDM_GET_ENCAPSULATED_REQUEST 0xEA
#define SPDM_DELIVER_ENCAPSULATED_RESPONSE 0xEB
#define SPDM_END_SESSION 0xEC
#define SPDM_GET_CSR 0xED
#define SPDM_SET_CERTIFICATE 0xEE
#define SPDM_GET_MEASUREMENT_EXTENSION_LOG 0xEF
#define SPDM_VENDOR_DEFINED_REQUEST 0xFE
#define SPDM_RESPOND_IF_READY 0xFF

/* --- Response codes (Table 5 "SPDM response codes") -------------------- */
#define SPDM_DIGESTS 0x01
#define SPDM_CERTIFICATE 0x02
#define SPDM_CHALLENGE_AUTH 0x03
#define SPDM_VERSION 0x04
#define SPDM_CHUNK_SEND_ACK 0x05
#define SPDM_CHUNK_RESPONSE 0x06
#define SPDM_MEASUREMENTS 0x60
#define SPDM_CAPABILITIES 0x61
#define SPDM_ALGORITHMS 0x63
#define SPDM_KEY_EXCHANGE_RSP 0x64
#define SPDM_FINISH_RSP 0x65
#define SPDM_PSK_EXCHANGE_RSP 0x66
#define SPDM_PSK_FINISH_RSP 0x67
#define SPDM_HEARTBEAT_ACK 0x68
#define SPDM_KEY_UPDATE_ACK 0x69
#define SPDM_ENCAPSULATED_REQUEST 0x6A
#define SPDM_ENCAPSULATED_RESPONSE_ACK 0x6B
#define SPDM_END_SESSION_ACK 0x6C
#define SPDM_VENDOR_DEFINED_RESPONSE 0x7E
#define SPDM_ERROR 0x7F

/* --- 10.4 GET_CAPABILITIES / CAPABILITIES ------------------------------- */
/* 1.0: header only; 1.1: + Reserved, CTExponent, Reserved(2), Flags;
 * 1.2+: + DataTransferSize, MaxSPDMmsgSize. */
#define SPDM_CAPS_SIZE_10 4
#define SPDM_CAPS_SIZE_11 12
#define SPDM_CAPS_SIZE_12 20
/* MinDataTransferSize for 1.2+ (10.4, "DataTransferSize"). */
#define SPDM_MIN_DATA_TRANSFER_SIZE_12 42
/* 1.3: Param1 bit 0 of GET_CAPABILITIES asks for supported algorithms in
 * CAPABILITIES; a responder that does not support that ignores it. */
#define SPDM_GET_CAPS_PARAM1_SUPPORTED_ALGS 0x01
/* Largest CTExponent a responder may report (1.3 10.4: 2^CT us). */
#define SPDM_CT_EXPONENT_MAX 31

/* --- 10.5 NEGOTIATE_ALGORITHMS / ALGORITHMS ----------------------------- */
/* Fixed part before ExtAsym: header(4) Length(2) MeasSpec(1) OtherParams(1)
 * BaseAsym(4) BaseHash(4) Reserved(12) ExtAsymCount(1) ExtHashCount(1)
 * Reserved(1) MELspecification(1, 1.3; reserved before). */
#define SPDM_NEG_ALGS_FIXED_SIZE 32
#define SPDM_NEG_ALGS_MAX_LEN_10 0x40
#define SPDM_NEG_ALGS_MAX_LEN_11 0x80
#define SPDM_NEG_ALGS_MAX_EXT_10 8
#define SPDM_NEG_ALGS_MAX_EXT_11 20
/* ALGORITHMS fixed part: header(4) Length(2) MeasSpecSel(1) OtherParamsSel(1)
 * MeasHashAlgo(4) BaseAsymSel(4) BaseHashSel(4) Reserved(11)
 * MELspecificationSel(1) ExtAsymSelCount(1) ExtHashSelCount(1) Reserved(2). */
#define SPDM_ALGS_FIXED_SIZE 36
/* AlgStructure: AlgType(1) AlgCount(1) AlgSupported(2) [ext 4*n]. */
#define SPDM_ALG_STRUCT_DHE 2
#define SPDM_ALG_STRUCT_AEAD 3
#define SPDM_ALG_STRUCT_REQ_ASYM 4
#define SPDM_ALG_STRUCT_KEY_SCHEDULE 5
/* AlgCount: bits 7:4 fixed-algorithm byte count (2), bits 3:0 ext count. */
#define SPDM_ALG_COUNT_FIXED_SHIFT 4
#define SPDM_ALG_COUNT_FIXED_2 0x20
#define SPDM_ALG_COUNT_EXT_MASK 0x0F
#define SPDM_EXT_ALG_SIZE 4

/* MeasurementSpecification (10.5): bit 0 = DMTF. */
#define SPDM_MEAS_SPEC_DMTF 0x01
/* OtherParamsSupport/Selection (1.2+): bits 3:0 opaque data format. */
#define SPDM_OPAQUE_FMT_NONE 0x0
#define SPDM_OPAQUE_FMT_0 0x1
#define SPDM_OPAQUE_FMT_1 0x2
#define SPDM_OPAQUE_FMT_MASK 0x0F
/* 1.3: bit 4 MultiKeyConn (not supported by teeio: never selected). */
#define SPDM_OTHER_PARAMS_MULTI_KEY_CONN 0x10

/* BaseAsymAlgo / ReqBaseAsymAlg bits (Table "BaseAsymAlgo"). */
#define SPDM_ASYM_RSASSA_2048 (1u << 0)
#define SPDM_ASYM_RSAPSS_2048 (1u << 1)
#define SPDM_ASYM_RSASSA_3072 (1u << 2)
#define SPDM_ASYM_RSAPSS_3072 (1u << 3)
#define SPDM_ASYM_ECDSA_P256 (1u << 4)
#define SPDM_ASYM_RSASSA_4096 (1u << 5)
#define SPDM_ASYM_RSAPSS_4096 (1u << 6)
#define SPDM_ASYM_ECDSA_P384 (1u << 7)
#define SPDM_ASYM_ECDSA_P521 (1u << 8)
#define SPDM_ASYM_SM2_P256 (1u << 9)
#define SPDM_ASYM_ED25519 (1u << 10)
#define SPDM_ASYM_ED448 (1u << 11)
/* BaseHashAlgo bits. */
#define SPDM_HASH_SHA256 (1u << 0)
#define SPDM_HASH_SHA384 (1u << 1)
#define SPDM_HASH_SHA512 (1u << 2)
/* MeasurementHashAlgo bits (ALGORITHMS). */
#define SPDM_MEAS_HASH_RAW_ONLY (1u << 0)
#define SPDM_MEAS_HASH_SHA256 (1u << 1)
#define SPDM_MEAS_HASH_SHA384 (1u << 2)
#define SPDM_MEAS_HASH_SHA512 (1u << 3)
/* DHE named groups. */
#define SPDM_DHE_FFDHE2048 (1u << 0)
#define SPDM_DHE_FFDHE3072 (1u << 1)
#define SPDM_DHE_FFDHE4096 (1u << 2)
#define SPDM_DHE_SECP256R1 (1u << 3)
#define SPDM_DHE_SECP384R1 (1u << 4)
#define SPDM_DHE_SECP521R1 (1u << 5)
/* AEAD cipher suites. */
#define SPDM_AEAD_AES128_GCM (1u << 0)
#define SPDM_AEAD_AES256_GCM (1u << 1)
#define SPDM_AEAD_CHACHA20_POLY1305 (1u << 2)
/* KeySchedule. */
#define SPDM_KEY_SCHEDULE_SPDM (1u << 0)

/* --- 10.6/10.7 GET_DIGESTS, GET_CERTIFICATE ----------------------------- */
#define SPDM_GET_CERT_SIZE 8 /* header + Offset(2) + Length(2) */
#define SPDM_CERT_RSP_FIXED 8 /* header + PortionLength(2) + RemainderLength(2) */
#define SPDM_SLOT_ID_MASK 0x0F
/* 1.3 GET_CERTIFICATE Param2 bit 0: SlotSizeRequested. */
#define SPDM_GET_CERT_SLOT_SIZE_REQUESTED 0x01
/* SPDM certificate chain header: Length(2) Reserved(2) RootHash(H). */
#define SPDM_CERT_CHAIN_HDR_FIXED 4
#define SPDM_CERT_CHAIN_MAX 0xFFFF
/* A responder returns at most this many chain bytes per CERTIFICATE when
 * the request asks for more (libspdm's LIBSPDM_MAX_CERT_CHAIN_BLOCK_LEN). */
#define SPDM_CERT_PORTION_MAX 1024

/* --- 10.8 CHALLENGE / CHALLENGE_AUTH ------------------------------------ */
#define SPDM_NONCE_SIZE TEEIO_SPDM_NONCE_SIZE
#define SPDM_REQ_CONTEXT_SIZE TEEIO_SPDM_REQ_CONTEXT_SIZE /* 1.3 */
#define SPDM_CHAL_SLOT_PUBKEY 0xFF /* Param1 = 0xFF: provisioned public key */
#define SPDM_CHAL_AUTH_SLOT_MASK 0x0F
#define SPDM_CHAL_AUTH_BASIC_MUT_AUTH 0x80 /* deprecated in 1.2 */
/* MeasurementSummaryHashType (CHALLENGE Param2, KEY_EXCHANGE Param1). */
#define SPDM_SUMMARY_NONE 0x00
#define SPDM_SUMMARY_TCB 0x01
#define SPDM_SUMMARY_ALL 0xFF

/* --- 10.11 GET_MEASUREMENTS / MEASUREMENTS ------------------------------ */
#define SPDM_MEAS_ATTR_SIGNATURE 0x01
#define SPDM_MEAS_ATTR_RAW 0x02 /* 1.2: RawBitStreamRequested */
#define SPDM_MEAS_ATTR_NEW 0x04 /* 1.3: NewMeasurementRequested */
#define SPDM_MEAS_OP_COUNT 0x00
#define SPDM_MEAS_OP_ALL 0xFF
/* MEASUREMENTS Param2: bits 3:0 SlotID, bits 5:4 content changed (1.2). */
#define SPDM_MEAS_CONTENT_MASK 0x30
#define SPDM_MEAS_CONTENT_NO_DETECTION 0x00
#define SPDM_MEAS_CONTENT_CHANGED 0x10
#define SPDM_MEAS_CONTENT_UNCHANGED 0x20
#define SPDM_MEAS_RSP_FIXED 8 /* header + NumberOfBlocks(1) + RecordLength(3) */
#define SPDM_MEAS_RECORD_MAX 0xFFFFFF
/* Measurement block (10.11.1): Index(1) Spec(1) Size(2) then DMTF value:
 * Type(1) ValueSize(2) Value. */
#define SPDM_MEAS_BLOCK_HDR 4
#define SPDM_MEAS_DMTF_HDR 3
#define SPDM_MEAS_TYPE_RAW 0x80 /* bit 7: raw bit stream, else digest */
#define SPDM_MEAS_TYPE_MASK 0x7F

/* --- 10.12 ERROR codes (Table "Error code and error data") -------------- */
#define SPDM_ERR_INVALID_REQUEST 0x01
#define SPDM_ERR_INVALID_SESSION 0x02 /* 1.1 only, deprecated in 1.2 */
#define SPDM_ERR_BUSY 0x03
#define SPDM_ERR_UNEXPECTED_REQUEST 0x04
#define SPDM_ERR_UNSPECIFIED 0x05
#define SPDM_ERR_DECRYPT_ERROR 0x06
#define SPDM_ERR_UNSUPPORTED_REQUEST 0x07
#define SPDM_ERR_REQUEST_IN_FLIGHT 0x08
#define SPDM_ERR_INVALID_RESPONSE_CODE 0x09
#define SPDM_ERR_SESSION_LIMIT_EXCEEDED 0x0A
#define SPDM_ERR_SESSION_REQUIRED 0x0B
#define SPDM_ERR_RESET_REQUIRED 0x0C
#define SPDM_ERR_RESPONSE_TOO_LARGE 0x0D
#define SPDM_ERR_REQUEST_TOO_LARGE 0x0E
#define SPDM_ERR_LARGE_RESPONSE 0x0F
#define SPDM_ERR_MESSAGE_LOST 0x10
#define SPDM_ERR_VERSION_MISMATCH 0x41
#define SPDM_ERR_RESPONSE_NOT_READY 0x42
#define SPDM_ERR_REQUEST_RESYNCH 0x43
#define SPDM_ERR_VENDOR_DEFINED 0xFF
#define SPDM_ERR_EXT_DATA_MAX 32
/* ResponseNotReady extended data: RDTExponent, RequestCode, Token, RDTM. */
#define SPDM_ERR_NOT_READY_EXT_SIZE 4

/* --- 10.13 VENDOR_DEFINED_REQUEST/RESPONSE ----------------------------- */
/* header, StandardID(2), Len(1), VendorID(Len), ReqLength(2), payload. */
#define SPDM_VENDOR_STD_PCISIG 3 /* registry ID (Table "Standards body ID") */
#define SPDM_VENDOR_ID_MAX 32

/* --- 10.15/10.16 KEY_EXCHANGE / FINISH ---------------------------------- */
#define SPDM_RANDOM_SIZE TEEIO_SPDM_RANDOM_SIZE
/* KEY_EXCHANGE: header ReqSessionID(2) SessionPolicy(1) Reserved(1)
 * Random(32) ExchangeData(D) OpaqueLength(2) Opaque. */
#define SPDM_KEY_EX_FIXED 40
/* KEY_EXCHANGE_RSP: header RspSessionID(2) MutAuthRequested(1)
 * ReqSlotIDParam(1) Random(32) ExchangeData(D) MeasSummaryHash(0|H)
 * OpaqueLength(2) Opaque Signature(S) ResponderVerifyData(H, unless the
 * handshake is in the clear). */
#define SPDM_KEY_EX_RSP_FIXED 40
#define SPDM_KEY_EX_MUT_AUTH 0x01
#define SPDM_KEY_EX_MUT_AUTH_ENCAP 0x02
#define SPDM_KEY_EX_MUT_AUTH_GET_DIGESTS 0x04
#define SPDM_KEY_EX_POLICY_TERMINATION_RUNTIME 0x01
/* FINISH Param1 bit 0: signature included (mutual authentication). */
#define SPDM_FINISH_SIG_INCLUDED 0x01

/* --- 10.17 KEY_UPDATE ---------------------------------------------------- */
#define SPDM_KEY_UPDATE_OP_UPDATE_KEY 1
#define SPDM_KEY_UPDATE_OP_UPDATE_ALL_KEYS 2
#define SPDM_KEY_UPDATE_OP_VERIFY_NEW_KEY 3

/* --- 10.20 END_SESSION --------------------------------------------------- */
#define SPDM_END_SESSION_PRESERVE_STATE_CLEAR 0x01

/* --- 10.21 CHUNK_SEND / CHUNK_GET (1.2) --------------------------------- */
/* CHUNK_SEND: header(Param1 attrs bit0 LastChunk, Param2 Handle)
 * ChunkSeqNo(2) Reserved(2) ChunkSize(4) [LargeMessageSize(4) in chunk 0]
 * Chunk. */
#define SPDM_CHUNK_SEND_LAST 0x01
#define SPDM_CHUNK_SEND_FIXED 12
/* CHUNK_SEND_ACK Param1 bit0: EarlyErrorDetected. */
#define SPDM_CHUNK_ACK_EARLY_ERROR 0x01
/* CHUNK_RESPONSE: header(Param1 bit0 LastChunk, Param2 Handle)
 * ChunkSeqNo(2) Reserved(2) ChunkSize(4) [LargeMessageSize(4)] Chunk. */
#define SPDM_CHUNK_RSP_LAST 0x01
#define SPDM_CHUNK_RSP_FIXED 12

/* --- Signing (1.2+, 15 "Signature generation") -------------------------- */
/* combined_spdm_prefix = "dmtf-spdm-v1.X.*" four times (64 bytes), then
 * zero padding and the context string so that prefix+pad+context is 100
 * bytes, then the transcript hash. */
#define SPDM_SIGN_PREFIX_ONE_SIZE 16
#define SPDM_SIGN_PREFIX_SIZE 64
#define SPDM_SIGN_CONTEXT_TOTAL 100
#define SPDM_SIGN_CTX_CHALLENGE_AUTH "responder-challenge_auth signing"
#define SPDM_SIGN_CTX_MUT_CHALLENGE_AUTH "requester-challenge_auth signing"
#define SPDM_SIGN_CTX_MEASUREMENTS "responder-measurements signing"
#define SPDM_SIGN_CTX_KEY_EXCHANGE_RSP "responder-key_exchange_rsp signing"
#define SPDM_SIGN_CTX_FINISH "requester-finish signing"

/* --- DSP0277 secured-message opaque data (KEY_EXCHANGE OpaqueData) ------ */
/* OpaqueDataFmt0 (1.1) header: SpecID(4) "DMTF" OpaqueVersion(1) TotalElements(1)
 * Reserved(2).  General format (1.2+): TotalElements(1) Reserved(3). */
#define SPDM_OPAQUE_SPEC_ID_DMTF 0x444D5446u
#define SPDM_OPAQUE_VERSION_1 0x01
/* Element: ID(1) VendorLen(1) [VendorID] OpaqueElementDataLen(2) data,
 * padded to a 4-byte boundary. */
#define SPDM_OPAQUE_ELEM_ID_DMTF 0x00
#define SPDM_SM_DATA_VERSION 0x01
#define SPDM_SM_DATA_ID_VERSION_SELECTION 0x00
#define SPDM_SM_DATA_ID_SUPPORTED_VERSIONS 0x01

#endif /* TEEIO_SPDM_WIRE_H */
