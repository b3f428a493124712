/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the device model: config-space register facts and the
 * helpers its files share.
 *
 * Register offsets and bits are PCI Local Bus 3.0 / PCIe Base 6.x facts
 * as public in Linux include/uapi/linux/pci_regs.h (names in comments).
 */
#ifndef TEEIO_DSM_INTERNAL_H
#define TEEIO_DSM_INTERNAL_H

#include "teeio/dsm.h"

/* Type 0 header (PCI_*). */
#define CFG_VENDOR 0x00u /* PCI_VENDOR_ID, PCI_DEVICE_ID at 0x02     */
#define CFG_COMMAND 0x04u /* PCI_COMMAND, PCI_STATUS at 0x06          */
#define CFG_CLASS_REV 0x08u /* PCI_REVISION_ID, PCI_CLASS_PROG..        */
#define CFG_HDR_TYPE 0x0Cu /* PCI_CACHE_LINE_SIZE .. PCI_BIST          */
#define CFG_BAR0 0x10u /* PCI_BASE_ADDRESS_0..5                    */
#define CFG_SUBSYS 0x2Cu /* PCI_SUBSYSTEM_VENDOR_ID, PCI_SUBSYSTEM_ID */
#define CFG_CAP_PTR 0x34u /* PCI_CAPABILITY_LIST                      */
#define CFG_EXT_START 0x100u /* first extended capability                */
#define CFG_SIZE 0x1000u

#define CMD_MEMORY 0x0002u /* PCI_COMMAND_MEMORY                       */
#define CMD_MASTER 0x0004u /* PCI_COMMAND_MASTER                       */
#define CMD_PARITY 0x0040u /* PCI_COMMAND_PARITY                       */
#define CMD_SERR 0x0100u /* PCI_COMMAND_SERR                         */
#define CMD_INTX_DISABLE 0x0400u /* PCI_COMMAND_INTX_DISABLE               */
#define STATUS_CAP_LIST 0x0010u /* PCI_STATUS_CAP_LIST                     */

#define BAR_MEM_TYPE_64 0x4u /* PCI_BASE_ADDRESS_MEM_TYPE_64             */
#define BAR_MEM_PREFETCH 0x8u /* PCI_BASE_ADDRESS_MEM_PREFETCH            */
#define BAR_MEM_MASK 0xFu /* low bits that are not address            */

/* Capability IDs (PCI_CAP_ID_*, PCI_EXT_CAP_ID_*). */
#define CAP_ID_EXP 0x10u
#define CAP_ID_MSIX 0x11u
#define ECAP_ID_SRIOV 0x0010u
#define ECAP_ID_DOE 0x002Eu
#define ECAP_ID_IDE 0x0030u
#define ECAP_HDR(id, ver, next) \
	((uint32_t)(id) | ((uint32_t)(ver) << 16) | ((uint32_t)(next) << 20))

/* PCI Express capability (PCI_EXP_*), offsets within it. */
#define EXP_FLAGS_V2_ENDPOINT 0x0002u /* PCI_EXP_FLAGS_VERS 2, TYPE 0 endpoint */
#define EXP_DEVCAP 0x04u
#define EXP_DEVCAP_FLR 0x10000000u /* PCI_EXP_DEVCAP_FLR                    */
#define EXP_DEVCAP_PAYLOAD_256 0x1u /* Max_Payload_Size Supported 256 B      */
#define EXP_DEVCTL 0x08u
#define EXP_DEVCTL_FLR 0x8000u /* PCI_EXP_DEVCTL_BCR_FLR                 */
#define EXP_DEVCTL_RW 0x7BFFu /* bits 14:0 except AUX Power PM (10) */
#define EXP_DEVCTL_RESET 0x2810u /* relaxed ordering, no snoop, MRRS 512 */
#define EXP_SIZE 0x3Cu

/* MSI-X capability (PCI_MSIX_*), offsets within it. */
#define MSIX_FLAGS_QSIZE 0x07FFu /* PCI_MSIX_FLAGS_QSIZE                   */
#define MSIX_FLAGS_MASKALL 0x4000u /* PCI_MSIX_FLAGS_MASKALL                 */
#define MSIX_FLAGS_ENABLE 0x8000u /* PCI_MSIX_FLAGS_ENABLE                  */
#define MSIX_TABLE 0x04u
#define MSIX_PBA 0x08u
#define MSIX_SIZE 0x0Cu
#define MSIX_ENTRY_SIZE 16u /* PCI_MSIX_ENTRY_SIZE                    */
#define MSIX_ENTRY_CTRL_MASKBIT 0x1u /* PCI_MSIX_ENTRY_CTRL_MASKBIT          */

/* SR-IOV capability (PCI_SRIOV_*), offsets within it. */
#define SRIOV_CAP 0x04u
#define SRIOV_CTRL 0x08u
#define SRIOV_CTRL_VFE 0x0001u /* VF Enable                              */
#define SRIOV_CTRL_MSE 0x0008u /* VF Memory Space Enable                 */
#define SRIOV_CTRL_ARI 0x0010u /* ARI Capable Hierarchy                  */
#define SRIOV_INITIAL_VF 0x0Cu /* Initial VFs, Total VFs at 0x0E         */
#define SRIOV_NUM_VF 0x10u /* NumVFs, Function Dependency Link 0x12  */
#define SRIOV_VF_OFFSET 0x14u /* First VF Offset, VF Stride at 0x16     */
#define SRIOV_VF_DID 0x18u /* VF Device ID in the upper half         */
#define SRIOV_SUP_PGSIZE 0x1Cu
#define SRIOV_SYS_PGSIZE 0x20u
#define SRIOV_BAR 0x24u
#define SRIOV_SIZE 0x40u
#define SRIOV_PGSIZE_4K 0x1u

/* DOE: header here, the rest is the transport's mailbox model. */
#define DOE_SIZE 0x18u

/* IDE capability (PCI_IDE_*), offsets within it. */
#define IDE_CAP 0x04u
#define IDE_CAP_SELECTIVE 0x00000002u /* PCI_IDE_CAP_SELECTIVE              */
#define IDE_CAP_AGGREGATION 0x00000010u
#define IDE_CAP_PCRC 0x00000020u
#define IDE_CAP_IDE_KM 0x00000040u /* IDE_KM protocol supported            */
#define IDE_CAP_SEL_NUM_SHIFT 16 /* Number of Selective Streams - 1      */
#define IDE_CAP_TEE_LIMITED 0x01000000u
#define IDE_CTL 0x08u
#define IDE_SEL_BASE 0x0Cu /* first selective stream block (no link streams) */
#define IDE_SEL_CAP 0x00u /* PCI_IDE_SEL_CAP: ASSOC_NUM 3:0       */
#define IDE_SEL_CTL 0x04u
#define IDE_SEL_CTL_EN 0x00000001u
#define IDE_SEL_CTL_RW 0xFFFFC3FDu /* bits the model lets software set     */
#define IDE_SEL_CTL_ID_SHIFT 24
#define IDE_SEL_STS 0x08u /* STATE 3:0: 0 Insecure, 2 Secure      */
#define IDE_SEL_STS_SECURE 0x2u
#define IDE_SEL_RID1 0x0Cu
#define IDE_SEL_RID1_RW 0x00FFFF00u
#define IDE_SEL_RID2 0x10u
#define IDE_SEL_RID2_RW 0xFFFFFF01u
#define IDE_SEL_ADDR 0x14u /* 3 DWORDs per address association block */
#define IDE_SEL_ADDR1_RW 0xFFF0FFF1u /* valid, base/limit 31:20              */

/* Where the extended capabilities sit (see dsm.h). */
static inline uint32_t ide_size(const struct teeio_dsm_profile *p)
{
	return IDE_SEL_BASE + (uint32_t)p->ide.streams * (IDE_SEL_ADDR + 12u * p->ide.addr_blocks);
}

/* The profile has VFs (so the PF carries SR-IOV). */
static inline bool dsm_has_vfs(const struct teeio_dsm_profile *p)
{
	return p->n_funcs > 1;
}

/* Deliver a device event to the TDI of function fn (or all when fn < 0). */
void dsm_event(struct teeio_dsm_dev *d, int fn, enum teeio_tdisp_event ev);

/* Reset one function's registers (FLR / conventional reset). */
void dsm_fn_reset(struct teeio_dsm_dev *d, uint16_t fn);

/* Is memory decoding of function fn enabled (PF: MSE; VF: VF MSE)? */
bool dsm_mem_enabled(const struct teeio_dsm_dev *d, uint16_t fn);

/* Extended capability config space (cfg_ext.c). */
uint32_t dsm_ext_read(struct teeio_dsm_dev *d, uint16_t off);
void dsm_ext_write(struct teeio_dsm_dev *d, uint16_t off, uint32_t val, uint32_t mask);

/* The TDISP device ops the DSM gives its responder (tdi.c). */
extern const struct teeio_tdisp_dev_ops dsm_tdisp_ops;

#endif
