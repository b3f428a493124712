/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The built-in device profile.  This text is identical to
 * profiles/default.json (a unit test compares them); change both together.
 */
#include "teeio/dsm.h"

static const char default_json[] =
    "{\n"
    "  \"name\": \"teeio-default\",\n"
    "  \"vendor_id\": \"0x1234\",\n"
    "  \"device_id\": \"0x7ee1\",\n"
    "  \"vf_device_id\": \"0x7ee2\",\n"
    "  \"subsystem_vendor_id\": \"0x1234\",\n"
    "  \"subsystem_id\": \"0x0001\",\n"
    "  \"revision\": 1,\n"
    "  \"class_code\": \"0x020000\",\n"
    "  \"segment\": 0,\n"
    "  \"bus\": 1,\n"
    "  \"device\": 0,\n"
    "  \"doe\": { \"mailbox_bytes\": 16384 },\n"
    "  \"ide\": { \"streams\": 2, \"address_blocks\": 1, \"pcrc\": true, \"aggregation\": true, "
    "\"tee_limited\": false },\n"
    "  \"measurements\": [\n"
    "    { \"index\": 1, \"type\": \"immutable_rom\", \"tcb\": true, \"text\": \"teeio emulated "
    "device boot ROM 1.0\" },\n"
    "    { \"index\": 2, \"type\": \"mutable_fw\", \"tcb\": true, \"text\": \"teeio emulated "
    "device firmware 1.0.0\" },\n"
    "    { \"index\": 3, \"type\": \"hw_config\", \"tcb\": true, \"value\": \"0100000002000000\" "
    "},\n"
    "    { \"index\": 4, \"type\": \"fw_config\", \"value\": \"7b22717565756573223a347d\" },\n"
    "    { \"index\": 5, \"type\": \"manifest\", \"text\": "
    "\"rom=1.0;fw=1.0.0;profile=teeio-default\" },\n"
    "    { \"index\": 6, \"type\": \"device_mode\", \"raw\": true, \"value\": "
    "\"01000000010000000000000000000000\" },\n"
    "    { \"index\": 7, \"type\": \"version\", \"raw\": true, \"text\": \"1.0.0\" },\n"
    "    { \"index\": 8, \"type\": \"svn\", \"raw\": true, \"tcb\": true, \"value\": "
    "\"0100000000000000\" }\n"
    "  ],\n"
    "  \"functions\": [\n"
    "    {\n"
    "      \"type\": \"pf\",\n"
    "      \"bars\": [ { \"size\": \"0x100000\", \"mem64\": true }, null, { \"size\": \"0x10000\" "
    "} ],\n"
    "      \"msix\": { \"vectors\": 16, \"table_bar\": 0, \"table_offset\": \"0x80000\", "
    "\"pba_bar\": 0, \"pba_offset\": \"0x81000\" },\n"
    "      \"ranges\": [\n"
    "        { \"bar\": 0, \"offset\": \"0x0\", \"size\": \"0x10000\", \"id\": 0 },\n"
    "        { \"bar\": 0, \"offset\": \"0x10000\", \"size\": \"0x1000\", \"id\": 1, \"non_tee\": "
    "true },\n"
    "        { \"bar\": 2, \"offset\": \"0x0\", \"size\": \"0x10000\", \"id\": 2 }\n"
    "      ],\n"
    "      \"interface_info\": [ \"no_update_after_lock\", \"dma_without_pasid\" ],\n"
    "      \"device_info\": \"7465656f2d70660a\"\n"
    "    },\n"
    "    {\n"
    "      \"type\": \"vf\",\n"
    "      \"count\": 3,\n"
    "      \"bars\": [ { \"size\": \"0x10000\", \"mem64\": true } ],\n"
    "      \"msix\": { \"vectors\": 4, \"table_bar\": 0, \"table_offset\": \"0x8000\", "
    "\"pba_bar\": 0, \"pba_offset\": \"0x9000\" },\n"
    "      \"ranges\": [ { \"bar\": 0, \"offset\": \"0x0\", \"size\": \"0x8000\", \"id\": 0 } ],\n"
    "      \"interface_info\": [ \"dma_without_pasid\" ]\n"
    "    }\n"
    "  ]\n"
    "}\n";

const char *teeio_dsm_profile_default_json(void)
{
	return default_json;
}

teeio_err teeio_dsm_profile_default(struct teeio_dsm_profile *p)
{
	return teeio_dsm_profile_parse(default_json, sizeof(default_json) - 1, p, NULL, 0);
}
