/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The built-in guest policy, byte for byte policies/default.json (a unit
 * test checks they agree).  Reference digests are SHA-384 of the values in
 * the built-in device profile (src/dsm/profile_default.c); it trusts no
 * root until the caller adds the device vendor's.
 */
#include "teeio/guest.h"

static const char default_policy[] =
    "{\n"
    "  \"name\": \"teeio-default\",\n"
    "  \"comment\": \"Accepts the physical function of the built-in device profile "
    "(profiles/default.json). Add the device vendor's root with roots[] or "
    "teeio_guest_policy_add_root.\",\n"
    "  \"roots\": [],\n"
    "  \"spdm\": {\n"
    "    \"min_version\": \"1.2\",\n"
    "    \"asym\": [ \"ecdsa-p384\", \"ecdsa-p521\", \"rsapss-3072\", \"rsapss-4096\", "
    "\"rsassa-3072\", \"rsassa-4096\", \"ed448\" ],\n"
    "    \"hash\": [ \"sha384\", \"sha512\" ],\n"
    "    \"measurement_hash\": [ \"sha384\" ],\n"
    "    \"dhe\": [ \"secp384r1\", \"secp521r1\" ],\n"
    "    \"aead\": [ \"aes256-gcm\", \"chacha20-poly1305\" ]\n"
    "  },\n"
    "  \"measurements\": [\n"
    "    { \"index\": 1, \"type\": \"immutable_rom\", \"hash\": \"sha384\", \"digest\": "
    "\"ee2275a111759954e1eaf07836eb62ccd51c3c51624cb2848ca5dfe559e77be841ff10992544d81b52a79a7178e5"
    "1424\" },\n"
    "    { \"index\": 2, \"type\": \"mutable_fw\", \"hash\": \"sha384\", \"digest\": "
    "\"09280dc734fb4c0e6731b8000013b619de5b8588b0182ec74a8a71e5a97be3de2300ae4c10473b882bd3193d2205"
    "1bab\" },\n"
    "    { \"index\": 3, \"type\": \"hw_config\", \"hash\": \"sha384\", \"digest\": "
    "\"3e26ae73bd21532fa6bf88952b485a8cc28d4c476d76dd4a75b72a493da6ea9a167929d23174901a07d2b4e1fa56"
    "0cf4\" },\n"
    "    { \"index\": 4, \"type\": \"fw_config\", \"mandatory\": false, \"hash\": \"sha384\", "
    "\"digest\": "
    "\"ee19a91cff1ffbb14c63ef25fa4455cdafbc4ec421aa0669b6eec3e3a5a1d32e5e1546488d8f1d2c4e706ddf92a4"
    "de9a\" },\n"
    "    { \"index\": 5, \"type\": \"manifest\", \"mandatory\": false, \"hash\": \"sha384\", "
    "\"digest\": "
    "\"3a135e10d15eeec701b11b4f07b2a6217aeeb234fffe5dd178b8b34b67c2652111d3e271b917f5da624f202fe27e"
    "b535\" },\n"
    "    { \"index\": 6, \"type\": \"device_mode\", \"mandatory\": false, \"raw\": "
    "\"01000000010000000000000000000000\" },\n"
    "    { \"index\": 7, \"type\": \"version\", \"mandatory\": false, \"text\": \"1.0.0\" },\n"
    "    { \"index\": 8, \"type\": \"svn\", \"raw\": \"0100000000000000\" }\n"
    "  ],\n"
    "  \"allow_unlisted_measurements\": false,\n"
    "  \"interface_report\": {\n"
    "    \"min_ranges\": 3,\n"
    "    \"max_ranges\": 5,\n"
    "    \"max_range_pages\": 16,\n"
    "    \"msix_locked\": false,\n"
    "    \"no_update_after_lock\": true,\n"
    "    \"ranges\": [\n"
    "      { \"kind\": \"mmio\", \"id\": 0, \"pages\": 16 },\n"
    "      { \"kind\": \"mmio\", \"id\": 1, \"pages\": 1, \"non_tee\": true },\n"
    "      { \"kind\": \"mmio\", \"id\": 2, \"pages\": 16 }\n"
    "    ],\n"
    "    \"ranges_exact\": true\n"
    "  },\n"
    "  \"dma\": { \"without_pasid\": \"required\", \"with_pasid\": \"forbidden\", \"ats\": "
    "\"forbidden\", \"prs\": \"forbidden\" }\n"
    "}\n";

const char *teeio_guest_policy_default_json(void)
{
	return default_policy;
}
