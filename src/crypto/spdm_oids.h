/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMTF SPDM object identifiers used in device certificates (DSP0274 1.3,
 * "Object identifiers": id-DMTF 1.3.6.1.4.1.412, id-DMTF-spdm 274).
 * Dotted text, for OBJ_txt2obj and for OpenSSL extension strings.
 */
#ifndef TEEIO_SPDM_OIDS_H
#define TEEIO_SPDM_OIDS_H

/* id-DMTF-device-info {id-DMTF-spdm 1}: type-id of the DMTFOtherName in a
 * device certificate's subjectAltName. */
#define TEEIO_OID_DMTF_DEVICE_INFO "1.3.6.1.4.1.412.274.1"
/* id-DMTF-hardware-identity {id-DMTF-spdm 2}. */
#define TEEIO_OID_DMTF_HARDWARE_IDENTITY "1.3.6.1.4.1.412.274.2"
/* id-DMTF-eku-responder-auth {id-DMTF-spdm 3}. */
#define TEEIO_OID_DMTF_EKU_RESPONDER_AUTH "1.3.6.1.4.1.412.274.3"
/* id-DMTF-eku-requester-auth {id-DMTF-spdm 4}. */
#define TEEIO_OID_DMTF_EKU_REQUESTER_AUTH "1.3.6.1.4.1.412.274.4"

#endif
