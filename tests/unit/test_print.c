/* Unit tests of the presentation-format printer (tools/tool_print.c).
 *
 * Every expected string was checked against `dig +short` of BIND 9.18.49
 * (Debian bookworm's bind9-dnsutils), querying a local server that answered
 * with these exact RDATAs; dnspython 2.3's to_text() differs where noted
 * (lower-case hex, base64 cut every 32 characters, quoted SVCB values), and
 * we follow dig.  Records where dig itself refuses the message (FORMERR)
 * are noted too: there we print RFC 3597 generic form. */
#include <errno.h>
#include <string.h>

#include "testutil.h"

/* The unit-test link line holds the validator library and tests/unit
 * support files only, not the tools: compile the printer into this binary. */
#include "tools/tool_print.c"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static uint8_t rd[16384];

/* Hex with spaces allowed, into rd; returns the length. */
static uint16_t unhex(const char *hex)
{
	size_t n = 0;
	for (const char *p = hex; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		unsigned v;
		ck_assert_int_eq(sscanf(p, "%2x", &v), 1);
		ck_assert_uint_lt(n, sizeof rd);
		rd[n++] = (uint8_t)v;
		p += 2;
	}
	return (uint16_t)n;
}

static struct val_rr rr_of(uint16_t type, const char *hex)
{
	return (struct val_rr){ .owner = tu_name("t"), .type = type, .rclass = VAL_C_IN,
				.ttl = 300, .rdata = rd, .rdlen = unhex(hex),
				.section = VAL_SEC_ANSWER };
}

static char out[TOOL_PRINT_RR_MAX];

/* Prints and checks the return value against the string. */
static const char *print(const struct val_rr *rr)
{
	memset(out, 'X', 64);
	int n = tool_print_rdata(rr, out, sizeof out);
	ck_assert_int_ge(n, 0);
	ck_assert_uint_eq(strlen(out), (size_t)n);
	return out;
}

static const char *print_hex(uint16_t type, const char *hex)
{
	struct val_rr rr = rr_of(type, hex);
	return print(&rr);
}

#define ck_prints(type, hex, want) ck_assert_str_eq(print_hex((type), (hex)), (want))

/* ------------------------------------------------------------------ */
/* Addresses and names                                                  */

START_TEST(test_a_prints_as_a_dotted_quad)
{
	ck_prints(VAL_T_A, "c0000201", "192.0.2.1");
}
END_TEST

START_TEST(test_aaaa_prints_as_inet_ntop_does)
{
	ck_prints(VAL_T_AAAA, "20010db8000000000000000000000001", "2001:db8::1");
	ck_prints(VAL_T_AAAA, "00000000000000000000ffffc0000201", "::ffff:192.0.2.1");
}
END_TEST

START_TEST(test_name_types_print_the_target_with_a_trailing_dot)
{
	const char *www = "03777777076578616d706c6503636f6d00";
	uint16_t types[] = { VAL_T_NS, VAL_T_CNAME, VAL_T_DNAME, VAL_T_PTR, VAL_T_MB,
			     VAL_T_MD, VAL_T_MF, VAL_T_MG, VAL_T_MR };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		ck_prints(types[i], www, "www.example.com.");
	ck_prints(VAL_T_CNAME, "00", ".");
}
END_TEST

START_TEST(test_special_characters_in_names_are_escaped_like_bind)
{
	/* a.b c"d\e.example. as one first label */
	ck_prints(VAL_T_PTR, "09612e62206322645c65076578616d706c6500", "a\\.b\\032c\\\"d\\\\e.example.");
}
END_TEST

START_TEST(test_soa_prints_its_seven_fields)
{
	ck_prints(VAL_T_SOA,
		  "036e73310174000a686f73746d617374657201740078a3f17500001c2000000e10001275000000012c",
		  "ns1.t. hostmaster.t. 2024010101 7200 3600 1209600 300");
}
END_TEST

START_TEST(test_mx_afsdb_rt_and_kx_print_a_preference_and_a_name)
{
	ck_prints(VAL_T_MX, "000a046d61696c076578616d706c6503636f6d00", "10 mail.example.com.");
	ck_prints(VAL_T_AFSDB, "000103616673017400", "1 afs.t.");
	ck_prints(VAL_T_RT, "000a0572656c6179017400", "10 relay.t.");
	ck_prints(VAL_T_KX, "000a026b78017400", "10 kx.t.");
}
END_TEST

START_TEST(test_minfo_and_rp_print_two_names)
{
	ck_prints(VAL_T_MINFO, "05726d61696c01740005656d61696c017400", "rmail.t. email.t.");
	ck_prints(VAL_T_RP, "046d626f7801740003747874017400", "mbox.t. txt.t.");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Character strings                                                    */

START_TEST(test_txt_escapes_quotes_backslashes_and_non_printables)
{
	/* "say "hi" \ back<TAB>tab<0xff>", "", "x y;@" */
	ck_prints(VAL_T_TXT, "147361792022686922205c206261636b09746162ff00057820793b40",
		  "\"say \\\"hi\\\" \\\\ back\\009tab\\255\" \"\" \"x y;@\"");
	/* NUL, space, DEL, quote, backslash, ; @ ( ) */
	ck_prints(VAL_T_TXT, "0900207f225c3b402829", "\"\\000 \\127\\\"\\\\;@()\"");
}
END_TEST

START_TEST(test_empty_txt_string_prints_as_two_quotes)
{
	ck_prints(VAL_T_TXT, "00", "\"\"");
}
END_TEST

START_TEST(test_txt_without_any_string_prints_generic)
{
	/* RFC 1035 §3.3.14: one or more strings; dig refuses an empty TXT. */
	ck_prints(VAL_T_TXT, "", "\\# 0");
}
END_TEST

START_TEST(test_spf_prints_like_txt)
{
	ck_prints(99, "0b763d73706631202d616c6c", "\"v=spf1 -all\"");
}
END_TEST

START_TEST(test_hinfo_prints_two_quoted_strings)
{
	ck_prints(VAL_T_HINFO, "08504320496e74656c054c696e7578", "\"PC Intel\" \"Linux\"");
	ck_prints(VAL_T_HINFO, "01200122", "\" \" \"\\\"\"");
}
END_TEST

START_TEST(test_srv_prints_priority_weight_port_and_target)
{
	ck_prints(VAL_T_SRV, "0000000513c403736970076578616d706c6503636f6d00", "0 5 5060 sip.example.com.");
}
END_TEST

START_TEST(test_naptr_prints_quoted_flags_services_and_regexp)
{
	ck_prints(VAL_T_NAPTR,
		  "0064000a0155074532552b7369701b215e2e2a24217369703a696e666f406578616d706c652e636f6d2100",
		  "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .");
	ck_prints(VAL_T_NAPTR, "000100020000000361626300", "1 2 \"\" \"\" \"\" abc.");
}
END_TEST

START_TEST(test_caa_prints_flags_tag_and_quoted_value)
{
	ck_prints(257, "0005697373756563612e6578616d706c65", "0 issue \"ca.example\"");
	ck_prints(257, "8005696f6465666d61696c746f3a612262406578616d706c652e636f6d",
		  "128 iodef \"mailto:a\\\"b@example.com\"");
	ck_prints(257, "00056973737565", "0 issue \"\"");
	ck_prints(257, "ff01610a7f", "255 a \"\\010\\127\"");
}
END_TEST

START_TEST(test_caa_with_an_empty_or_non_alphanumeric_tag_prints_generic)
{
	/* dig: FORMERR for both. */
	ck_prints(257, "00022d2d61", "\\# 5 00022D2D61");
	ck_prints(257, "000061", "\\# 3 000061");
}
END_TEST

START_TEST(test_uri_prints_priority_weight_and_quoted_target)
{
	ck_prints(256, "000a000168747470733a2f2f6578616d706c652e636f6d2f", "10 1 \"https://example.com/\"");
	ck_prints(256, "000a0001", "10 1 \"\"");
}
END_TEST

/* ------------------------------------------------------------------ */
/* DNSSEC types                                                         */

#define ROOT_DS_HEX "e06d44b80b8f1d39a95c0b0d7c65d08458e880409bbc683457104237c7f8ec8d"
#define ROOT_DS_TEXT "20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237 C7F8EC8D"

START_TEST(test_ds_and_cds_print_upper_case_hex_cut_at_56_characters_like_dig)
{
	/* dnspython: lower case, one word. */
	ck_prints(VAL_T_DS, "4f660802" ROOT_DS_HEX, ROOT_DS_TEXT);
	ck_prints(59, "4f660802" ROOT_DS_HEX, ROOT_DS_TEXT);
	ck_prints(VAL_T_DS, "30390d010123456789abcdef0123456789abcdef01234567",
		  "12345 13 1 0123456789ABCDEF0123456789ABCDEF01234567");
	/* digest types BIND does not check: any length of at least one */
	ck_prints(VAL_T_DS, "00010809ff", "1 8 9 FF");
}
END_TEST

START_TEST(test_ds_with_a_sha256_digest_of_one_octet_prints_generic)
{
	/* dig: "malformed message packet"; dnspython: "digest length
	 * inconsistent with digest type". */
	ck_prints(VAL_T_DS, "00010802ff", "\\# 5 00010802FF");
	ck_prints(VAL_T_DS, "00010809", "\\# 4 00010809");
}
END_TEST

START_TEST(test_dnskey_and_cdnskey_print_base64_cut_at_56_characters_like_dig)
{
	/* dnspython cuts every 32 characters. */
	const char *key48 = "0101030e000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
			    "202122232425262728292a2b2c2d2e2f";
	const char *text = "257 3 14 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygp KissLS4v";
	ck_prints(VAL_T_DNSKEY, key48, text);
	ck_prints(60, key48, text);
	ck_prints(VAL_T_DNSKEY, "0100030f974d96a22d224bc01adb915091477d44ccd91c9a41a11430010117d52c59240e",
		  "256 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=");
	ck_prints(60, "0000030000", "0 3 0 AA==");
}
END_TEST

START_TEST(test_dnskey_without_a_key_prints_generic)
{
	/* dig: "malformed message packet"; dnspython prints "257 3 8 ". */
	ck_prints(VAL_T_DNSKEY, "01010308", "\\# 4 01010308");
}
END_TEST

START_TEST(test_rrsig_prints_type_times_key_tag_signer_and_base64)
{
	ck_prints(VAL_T_RRSIG,
		  "00010d020000012c65badf00659200801267017400a090755ba58d1affa576f4375831b4310920e4"
		  "81218d18a9f164eb3d81afd3b875d3c75428631e0cf2a28d50875f70c329d7dbfafea807dc1fba1d"
		  "c34c95d401f23f334ce63bfcf3f1b5b44739e5f0eded18d6b33f040a911376d173d757a9f0c1fa17"
		  "98941bb0b36b2df9062790fa7f0166f2737eea907378341fb12dc0a77a",
		  "A 13 2 300 20240201000000 20240101000000 4711 t. "
		  "oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKi "
		  "jVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNaz "
		  "PwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3A p3o=");
}
END_TEST

START_TEST(test_rrsig_times_are_seconds_since_1970_without_a_clock)
{
	/* 0xffffffff is 2106-02-07 06:28:15 (dnspython too); BIND's dig
	 * picks the era nearest its clock and prints 19691231235959. */
	ck_prints(VAL_T_RRSIG, "ff0008000000000000000000ffffffff000100000000",
		  "TYPE65280 8 0 0 19700101000000 21060207062815 1 . AAAA");
}
END_TEST

START_TEST(test_rrsig_without_a_signature_prints_generic)
{
	ck_prints(VAL_T_RRSIG, "00010d020000012c65bae000659201801267 00",
		  "\\# 19 00010D020000012C65BAE00065920180126700");
}
END_TEST

START_TEST(test_nsec_lists_window_1_types_by_mnemonic)
{
	/* TYPE257 is CAA, in window 1; TYPE1234 has no name. */
	ck_prints(VAL_T_NSEC,
		  "066e6578742e78017400000762000000000380010140041b00000000000000000000000000000000"
		  "0000000000000000000020",
		  "next\\.x.t. A NS SOA RRSIG NSEC DNSKEY CAA TYPE1234");
}
END_TEST

START_TEST(test_nsec_without_types_prints_the_next_name_alone)
{
	/* dig refuses an empty NSEC bitmap (FORMERR); the validator accepts it
	 * and so does dnspython, which prints the same. */
	ck_prints(VAL_T_NSEC, "027a7a017400", "zz.t.");
}
END_TEST

START_TEST(test_nsec_with_descending_windows_prints_generic)
{
	ck_prints(VAL_T_NSEC, "00 01 0140 00 0140", "\\# 7 00010140000140");
}
END_TEST

START_TEST(test_nsec3_with_empty_salt_and_empty_bitmap)
{
	/* dnspython prints the hash in lower case. */
	ck_prints(VAL_T_NSEC3, "010000000014174eb2409fe28bcb4887a1836f957f0a8425e27b",
		  "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR");
}
END_TEST

START_TEST(test_nsec3_prints_salt_in_hex_and_the_hash_in_upper_case_base32hex)
{
	ck_prints(VAL_T_NSEC3,
		  "0101000a04aabbccdd14174eb2409fe28bcb4887a1836f957f0a8425e27b0006400000000002ff20"
		  "0000000000000000000000000000000000000000000000000000000000000002",
		  "1 1 10 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG TYPE65534");
	/* a 32-octet salt is one word, not cut at 56 characters */
	ck_prints(VAL_T_NSEC3,
		  "0101009620aabbccddeeff00112233445566778899aabbccddeeff0011223344556677889914174e"
		  "b2409fe28bcb4887a1836f957f0a8425e27b000122ff200000000000000000000000000000000000"
		  "000000000000000000000000000001",
		  "1 1 150 AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899 "
		  "2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA TYPE65535");
}
END_TEST

START_TEST(test_nsec3_with_an_empty_hash_prints_generic)
{
	ck_prints(VAL_T_NSEC3, "0100000000 00", "\\# 6 010000000000");
}
END_TEST

START_TEST(test_nsec3param_prints_a_dash_for_an_empty_salt)
{
	ck_prints(VAL_T_NSEC3PARAM, "0100000000", "1 0 0 -");
	ck_prints(VAL_T_NSEC3PARAM, "0100000c04aabbccdd", "1 0 12 AABBCCDD");
}
END_TEST

START_TEST(test_tlsa_smimea_and_sshfp_print_upper_case_hex_cut_at_56_characters)
{
	ck_prints(52, "0301010c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
		  "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566 64C5D3D6");
	ck_prints(53, "0301010c72ac70", "3 1 1 0C72AC70");
	ck_prints(44, "0402123456789abcdef67890123456789abcdef67890123456789abcdef123456789",
		  "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF1 23456789");
	/* without data: dig refuses both */
	ck_prints(52, "030101", "\\# 3 030101");
	ck_prints(44, "0402", "\\# 2 0402");
}
END_TEST

START_TEST(test_openpgpkey_csync_and_zonemd_print_like_dig)
{
	const char *b48 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
			  "202122232425262728292a2b2c2d2e2f";
	char hex[256];
	ck_prints(61, b48, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygp KissLS4v");
	ck_prints(62, "00000042 0003 000460000008", "66 3 A NS AAAA");
	ck_prints(62, "00000042 0003", "66 3");
	snprintf(hex, sizeof hex, "78a20b4f0101%s", b48);
	ck_prints(63, hex, "2023885647 1 1 000102030405060708090A0B0C0D0E0F101112131415161718191A1B "
			   "1C1D1E1F202122232425262728292A2B2C2D2E2F");
	ck_prints(63, "00000001 05 09 000102030405060708090a0b", "1 5 9 000102030405060708090A0B");
	/* RFC 8976 §2.2.4: digests of at least 12 octets (dig refuses) */
	ck_prints(63, "00000001 05 09 0001020304", "\\# 11 0000000105090001020304");
}
END_TEST

START_TEST(test_wks_lists_the_ports_set_in_its_bitmap)
{
	ck_prints(VAL_T_WKS, "c0000201060000004000000000000080", "192.0.2.1 6 25 80");
	ck_prints(VAL_T_WKS, "c000020111", "192.0.2.1 17");
}
END_TEST

/* ------------------------------------------------------------------ */
/* SVCB and HTTPS                                                       */

START_TEST(test_svcb_prints_every_parameter_as_dig_does)
{
	/* dnspython quotes every value: port="8443", ipv4hint="...". */
	ck_prints(64,
		  "0001000000000400010003000100060268320268330003000220fb00040008c0000201c0000202"
		  "000500060045fe0d00410006001020010db8000000000000000000000001",
		  "1 . mandatory=alpn,port alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1,192.0.2.2 "
		  "ech=AEX+DQBB ipv6hint=2001:db8::1");
	ck_prints(65, "000003777777076578616d706c6503636f6d00", "0 www.example.com.");
	ck_prints(65, "000100", "1 .");
	ck_prints(65, "0001 00 0004 0004 c0000201 0006 0010 20010db8000000000000000000000001 fde9 0000",
		  "1 . ipv4hint=192.0.2.1 ipv6hint=2001:db8::1 key65001");
	/* dohpath (7) is unnamed in BIND 9.18 */
	ck_prints(65, "0001 00 0007 0008 2f717b3f646e737d", "1 . key7=\"/q{?dns}\"");
}
END_TEST

START_TEST(test_alpn_ids_escape_commas_and_backslashes_twice)
{
	/* alpn ids "h3" and "h2,x"; then no-default-alpn; key65000="abc"d" */
	ck_prints(65, "000100000100080268330468322c7800020000fde800056162632264fde90000",
		  "1 . alpn=\"h3,h2\\\\,x\" no-default-alpn key65000=\"abc\\\"d\" key65001");
	/* ids "h2", "\,"" and "a3<0xff>" */
	ck_prints(65, "0001 00 0001 000b 02 6832 03 5c2c22 03 6133ff",
		  "1 . alpn=\"h2,\\\\\\\\\\\\,\\\",a3\\255\"");
	ck_prints(65, "0001 00 fde8 0009 61222c5c20097fff7a",
		  "1 . key65000=\"a\\\",\\\\ \\009\\127\\255z\"");
}
END_TEST

START_TEST(test_svcb_keys_out_of_order_print_generic)
{
	/* alpn twice; dig: FORMERR */
	ck_prints(65, "0001 00 0001 0003 026832 0001 0003 026833",
		  "\\# 17 0001000001000302683200010003026833");
	/* a port of three octets */
	ck_prints(65, "0001 00 0003 0003 01bb00", "\\# 10 0001000003000301BB00");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Generic form, malformed RDATA, class                                 */

START_TEST(test_unknown_type_65280_prints_rfc3597_generic)
{
	ck_prints(65280, "deadbeef", "\\# 4 DEADBEEF");
	ck_prints(VAL_T_NULL, "010203", "\\# 3 010203");
}
END_TEST

START_TEST(test_empty_rdata_of_an_unknown_type_prints_backslash_hash_zero)
{
	struct val_rr rr = rr_of(65280, "");
	rr.rdata = NULL;
	ck_assert_str_eq(print(&rr), "\\# 0");
}
END_TEST

START_TEST(test_long_generic_rdata_is_cut_at_56_hex_characters)
{
	ck_prints(65281, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627",
		  "\\# 40 000102030405060708090A0B0C0D0E0F101112131415161718191A1B 1C1D1E1F2021222324252627");
}
END_TEST

START_TEST(test_a_record_of_three_octets_prints_generic)
{
	ck_prints(VAL_T_A, "c00002", "\\# 3 C00002");
	ck_prints(VAL_T_A, "c000020101", "\\# 5 C000020101");
}
END_TEST

START_TEST(test_mx_with_octets_after_its_name_prints_generic)
{
	ck_prints(VAL_T_MX, "000a 00 ff", "\\# 4 000A00FF");
}
END_TEST

START_TEST(test_compression_pointer_in_given_rdata_prints_generic)
{
	/* Names reach the printer decompressed; a pointer is never followed. */
	ck_prints(VAL_T_NS, "c000", "\\# 2 C000");
	ck_prints(VAL_T_CNAME, "03777777", "\\# 4 03777777");
}
END_TEST

START_TEST(test_a_record_outside_class_in_prints_generic)
{
	/* RFC 1035's CH A holds a name and an address: BIND prints the IN
	 * layouts only for IN. */
	struct val_rr rr = rr_of(VAL_T_A, "c0000201");
	rr.rclass = 3;
	ck_assert_str_eq(print(&rr), "\\# 4 C0000201");
	rr = rr_of(VAL_T_TXT, "026869");
	rr.rclass = 3;
	ck_assert_str_eq(print(&rr), "\"hi\"");
}
END_TEST

START_TEST(test_nxt_and_a6_print_generic)
{
	/* dig prints ". A" and "0 2001:db8::1": historic types left generic. */
	ck_prints(VAL_T_NXT, "0040", "\\# 2 0040");
	ck_prints(VAL_T_A6, "0020010db8000000000000000000000001", "\\# 17 0020010DB8000000000000000000000001");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Buffers                                                              */

START_TEST(test_too_small_buffer_is_enospc_and_leaves_an_empty_string)
{
	struct val_rr rr = rr_of(VAL_T_A, "c0000201");
	char b[16];
	ck_assert_int_eq(tool_print_rdata(&rr, b, 10), 9);
	ck_assert_str_eq(b, "192.0.2.1");
	memset(b, 'X', sizeof b);
	ck_assert_int_eq(tool_print_rdata(&rr, b, 9), -ENOSPC);
	ck_assert_str_eq(b, "");
	memset(b, 'X', sizeof b);
	ck_assert_int_eq(tool_print_rdata(&rr, b, 1), -ENOSPC);
	ck_assert_int_eq(b[0], '\0');
	ck_assert_int_eq(b[1], 'X');
	ck_assert_int_eq(tool_print_rdata(&rr, b, 0), -ENOSPC);
	ck_assert_int_eq(b[0], '\0');
	ck_assert_int_eq(b[1], 'X');
}
END_TEST

START_TEST(test_long_valid_record_in_a_short_buffer_is_enospc_not_generic)
{
	/* "\001\001\001\001" prints in 18 characters, its generic form in 15:
	 * a buffer of 18 must not turn a valid record into generic form. */
	struct val_rr rr = rr_of(VAL_T_TXT, "0401010101");
	char b[32];
	ck_assert_int_eq(tool_print_rdata(&rr, b, sizeof b), 18);
	ck_assert_int_eq(tool_print_rdata(&rr, b, 18), -ENOSPC);
	ck_assert_str_eq(b, "");
	/* and a malformed one gets its generic form wherever that fits */
	rr = rr_of(VAL_T_TXT, "0501010101");
	ck_assert_int_eq(tool_print_rdata(&rr, b, 16), 15);
	ck_assert_str_eq(b, "\\# 5 0501010101");
}
END_TEST

START_TEST(test_full_nsec_bitmap_with_the_longest_name_fits_in_the_maximum)
{
	/* 255-octet next name of \255 octets, every type of every window. */
	size_t n = 0;
	static const uint8_t lens[] = { 63, 63, 63, 61 };
	for (size_t l = 0; l < 4; l++) {
		rd[n++] = lens[l];
		memset(rd + n, 0xff, lens[l]);
		n += lens[l];
	}
	rd[n++] = 0;
	ck_assert_uint_eq(n, 255);
	for (unsigned win = 0; win < 256; win++) {
		rd[n++] = (uint8_t)win;
		rd[n++] = 32;
		memset(rd + n, 0xff, 32);
		n += 32;
	}
	struct val_rr rr = { .owner = rd, .type = VAL_T_NSEC, .rclass = VAL_C_IN, .ttl = 1,
			     .rdata = rd, .rdlen = (uint16_t)n };
	int len = tool_print_rdata(&rr, out, TOOL_PRINT_RDATA_MAX);
	ck_assert_int_gt(len, 600000);
	ck_assert_int_lt(len, TOOL_PRINT_RDATA_MAX);
	ck_assert(strstr(out, " NSEC3PARAM TLSA ") != NULL);
	ck_assert(strstr(out, " TYPE65534 TYPE65535") != NULL);
	ck_assert_int_eq(tool_print_rdata(&rr, out, (size_t)len), -ENOSPC);
	/* owner of 255 octets too: the whole line fits in TOOL_PRINT_RR_MAX */
	int line = tool_print_rr(&rr, out, TOOL_PRINT_RR_MAX);
	ck_assert_int_gt(line, len);
	ck_assert_int_lt(line, TOOL_PRINT_RR_MAX);
}
END_TEST

/* A small deterministic generator: xorshift32. */
static uint32_t rnd_state = 2463534242u;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

START_TEST(test_random_rdata_of_every_type_prints_printable_text_within_bounds)
{
	/* Each RDATA sits in a heap block of exactly rdlen octets, so the
	 * sanitizer build catches any read past it. */
	static const uint16_t types[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 24, 25, 26, 28,
		30, 33, 35, 36, 38, 39, 43, 44, 46, 47, 48, 50, 51, 52, 53, 59, 60, 61, 62, 63,
		64, 65, 99, 256, 257, 65280,
	};
	static char b[4096];
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
		for (int i = 0; i < 1500; i++) {
			size_t len = rnd() % 48;
			uint8_t *p = malloc(len ? len : 1);
			ck_assert_ptr_nonnull(p);
			for (size_t j = 0; j < len; j++) /* small values: plausible lengths */
				p[j] = (uint8_t)(rnd() % 4 ? rnd() % 8 : rnd());
			struct val_rr rr = { .owner = tu_name("t"), .type = types[t], .rclass = VAL_C_IN,
					     .rdata = p, .rdlen = (uint16_t)len };
			int n = tool_print_rdata(&rr, b, sizeof b);
			ck_assert_int_ge(n, 0);
			ck_assert_uint_eq(strlen(b), (size_t)n);
			for (int j = 0; j < n; j++)
				ck_assert_msg(b[j] >= 0x20 && b[j] < 0x7f, "type %u printed octet %d",
					      types[t], (unsigned char)b[j]);
			free(p);
		}
}
END_TEST

/* ------------------------------------------------------------------ */
/* Whole records                                                        */

START_TEST(test_rr_line_has_owner_ttl_class_type_and_rdata)
{
	struct val_rr rr = rr_of(VAL_T_A, "c0000201");
	rr.owner = tu_name("www.example.com");
	ck_assert_int_eq(tool_print_rr(&rr, out, sizeof out), (int)strlen("www.example.com. 300 IN A 192.0.2.1"));
	ck_assert_str_eq(out, "www.example.com. 300 IN A 192.0.2.1");
	rr = rr_of(44, "0402ab");
	rr.rclass = 3;
	rr.ttl = 0;
	tool_print_rr(&rr, out, sizeof out);
	ck_assert_str_eq(out, "t. 0 CLASS3 SSHFP 4 2 AB");
	rr = rr_of(65280, "");
	tool_print_rr(&rr, out, sizeof out);
	ck_assert_str_eq(out, "t. 300 IN TYPE65280 \\# 0");
}
END_TEST

START_TEST(test_rr_line_in_a_short_buffer_is_enospc_and_empty)
{
	struct val_rr rr = rr_of(VAL_T_A, "c0000201");
	char b[32];
	const char *want = "t. 300 IN A 192.0.2.1";
	size_t n = strlen(want);
	ck_assert_int_eq(tool_print_rr(&rr, b, n + 1), (int)n);
	ck_assert_str_eq(b, want);
	for (size_t cap = 0; cap <= n; cap++) {
		memset(b, 'X', sizeof b);
		ck_assert_int_eq(tool_print_rr(&rr, b, cap), -ENOSPC);
		if (cap)
			ck_assert_str_eq(b, "");
		else
			ck_assert_int_eq(b[0], 'X');
	}
}
END_TEST

START_TEST(test_type_names_follow_bind)
{
	char buf[16];
	ck_assert_str_eq(tool_print_type(VAL_T_NSEC3PARAM, buf), "NSEC3PARAM");
	ck_assert_str_eq(tool_print_type(44, buf), "SSHFP");
	ck_assert_str_eq(tool_print_type(23, buf), "NSAP-PTR");
	ck_assert_str_eq(tool_print_type(54, buf), "TYPE54");
	ck_assert_str_eq(tool_print_type(32769, buf), "DLV");
	ck_assert_str_eq(tool_print_type(65533, buf), "TYPE65533");
}
END_TEST

/* The message builder of test_wire.c, reduced. */
struct mb {
	uint8_t b[512];
	size_t n;
};
static void mb_u8(struct mb *m, unsigned v) { m->b[m->n++] = (uint8_t)v; }
static void mb_u16(struct mb *m, unsigned v) { mb_u8(m, v >> 8); mb_u8(m, v & 0xff); }
static void mb_name(struct mb *m, const char *s)
{
	const uint8_t *n = tu_name(s);
	memcpy(m->b + m->n, n, val_name_len(n));
	m->n += val_name_len(n);
}

START_TEST(test_records_from_a_parsed_message_print_with_names_decompressed)
{
	struct mb m = { .n = 0 };
	mb_u16(&m, 0x1234); mb_u16(&m, 0x8180);
	mb_u16(&m, 1); mb_u16(&m, 2); mb_u16(&m, 0); mb_u16(&m, 0);
	mb_name(&m, "Mail.Example.com"); mb_u16(&m, VAL_T_MX); mb_u16(&m, VAL_C_IN);
	/* MX 10 <pointer to the question name> */
	mb_u16(&m, 0xC00C); mb_u16(&m, VAL_T_MX); mb_u16(&m, VAL_C_IN);
	mb_u16(&m, 0); mb_u16(&m, 3600); mb_u16(&m, 4);
	mb_u16(&m, 10); mb_u16(&m, 0xC00C);
	/* MX 20 backup.<pointer to example.com> */
	mb_u16(&m, 0xC00C); mb_u16(&m, VAL_T_MX); mb_u16(&m, VAL_C_IN);
	mb_u16(&m, 0); mb_u16(&m, 3600); mb_u16(&m, 11);
	mb_u16(&m, 20); mb_u8(&m, 6); memcpy(m.b + m.n, "backup", 6); m.n += 6; mb_u16(&m, 0xC011);

	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &msg, &err), 0);
	ck_assert_uint_eq(msg->nrr, 2);
	ck_assert_str_eq(print(&msg->rrs[0]), "10 Mail.Example.com.");
	tool_print_rr(&msg->rrs[1], out, sizeof out);
	ck_assert_str_eq(out, "Mail.Example.com. 3600 IN MX 20 backup.Example.com.");
	val_msg_free(msg);
}
END_TEST

static Suite *print_suite(void)
{
	Suite *s = suite_create("print");
	TCase *tc = tcase_create("types");
	tcase_add_test(tc, test_a_prints_as_a_dotted_quad);
	tcase_add_test(tc, test_aaaa_prints_as_inet_ntop_does);
	tcase_add_test(tc, test_name_types_print_the_target_with_a_trailing_dot);
	tcase_add_test(tc, test_special_characters_in_names_are_escaped_like_bind);
	tcase_add_test(tc, test_soa_prints_its_seven_fields);
	tcase_add_test(tc, test_mx_afsdb_rt_and_kx_print_a_preference_and_a_name);
	tcase_add_test(tc, test_minfo_and_rp_print_two_names);
	tcase_add_test(tc, test_txt_escapes_quotes_backslashes_and_non_printables);
	tcase_add_test(tc, test_empty_txt_string_prints_as_two_quotes);
	tcase_add_test(tc, test_txt_without_any_string_prints_generic);
	tcase_add_test(tc, test_spf_prints_like_txt);
	tcase_add_test(tc, test_hinfo_prints_two_quoted_strings);
	tcase_add_test(tc, test_srv_prints_priority_weight_port_and_target);
	tcase_add_test(tc, test_naptr_prints_quoted_flags_services_and_regexp);
	tcase_add_test(tc, test_caa_prints_flags_tag_and_quoted_value);
	tcase_add_test(tc, test_caa_with_an_empty_or_non_alphanumeric_tag_prints_generic);
	tcase_add_test(tc, test_uri_prints_priority_weight_and_quoted_target);
	tcase_add_test(tc, test_ds_and_cds_print_upper_case_hex_cut_at_56_characters_like_dig);
	tcase_add_test(tc, test_ds_with_a_sha256_digest_of_one_octet_prints_generic);
	tcase_add_test(tc, test_dnskey_and_cdnskey_print_base64_cut_at_56_characters_like_dig);
	tcase_add_test(tc, test_dnskey_without_a_key_prints_generic);
	tcase_add_test(tc, test_rrsig_prints_type_times_key_tag_signer_and_base64);
	tcase_add_test(tc, test_rrsig_times_are_seconds_since_1970_without_a_clock);
	tcase_add_test(tc, test_rrsig_without_a_signature_prints_generic);
	tcase_add_test(tc, test_nsec_lists_window_1_types_by_mnemonic);
	tcase_add_test(tc, test_nsec_without_types_prints_the_next_name_alone);
	tcase_add_test(tc, test_nsec_with_descending_windows_prints_generic);
	tcase_add_test(tc, test_nsec3_with_empty_salt_and_empty_bitmap);
	tcase_add_test(tc, test_nsec3_prints_salt_in_hex_and_the_hash_in_upper_case_base32hex);
	tcase_add_test(tc, test_nsec3_with_an_empty_hash_prints_generic);
	tcase_add_test(tc, test_nsec3param_prints_a_dash_for_an_empty_salt);
	tcase_add_test(tc, test_tlsa_smimea_and_sshfp_print_upper_case_hex_cut_at_56_characters);
	tcase_add_test(tc, test_openpgpkey_csync_and_zonemd_print_like_dig);
	tcase_add_test(tc, test_wks_lists_the_ports_set_in_its_bitmap);
	tcase_add_test(tc, test_svcb_prints_every_parameter_as_dig_does);
	tcase_add_test(tc, test_alpn_ids_escape_commas_and_backslashes_twice);
	tcase_add_test(tc, test_svcb_keys_out_of_order_print_generic);
	suite_add_tcase(s, tc);
	TCase *tg = tcase_create("generic, buffers, records");
	tcase_set_timeout(tg, 60);
	tcase_add_test(tg, test_unknown_type_65280_prints_rfc3597_generic);
	tcase_add_test(tg, test_empty_rdata_of_an_unknown_type_prints_backslash_hash_zero);
	tcase_add_test(tg, test_long_generic_rdata_is_cut_at_56_hex_characters);
	tcase_add_test(tg, test_a_record_of_three_octets_prints_generic);
	tcase_add_test(tg, test_mx_with_octets_after_its_name_prints_generic);
	tcase_add_test(tg, test_compression_pointer_in_given_rdata_prints_generic);
	tcase_add_test(tg, test_a_record_outside_class_in_prints_generic);
	tcase_add_test(tg, test_nxt_and_a6_print_generic);
	tcase_add_test(tg, test_too_small_buffer_is_enospc_and_leaves_an_empty_string);
	tcase_add_test(tg, test_long_valid_record_in_a_short_buffer_is_enospc_not_generic);
	tcase_add_test(tg, test_full_nsec_bitmap_with_the_longest_name_fits_in_the_maximum);
	tcase_add_test(tg, test_random_rdata_of_every_type_prints_printable_text_within_bounds);
	tcase_add_test(tg, test_rr_line_has_owner_ttl_class_type_and_rdata);
	tcase_add_test(tg, test_rr_line_in_a_short_buffer_is_enospc_and_empty);
	tcase_add_test(tg, test_type_names_follow_bind);
	tcase_add_test(tg, test_records_from_a_parsed_message_print_with_names_decompressed);
	suite_add_tcase(s, tg);
	return s;
}

TEST_MAIN(print_suite)
