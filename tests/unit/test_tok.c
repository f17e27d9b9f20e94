/*
 * The tokenizer's byte classes: the SSE2 (or SWAR) block and the SWAR
 * one must agree with the byte-at-a-time statement on any bytes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "scan/tok.h"

static void expect_same(const char *p, char delim)
{
    struct tok_masks want, fast, swar;

    tok_block_bytes(&want, p, delim);
    tok_block(&fast, p, delim);
    tok_block_swar(&swar, p, delim);
    cr_assert_eq(fast.delim, want.delim, "delim %d", delim);
    cr_assert_eq(fast.nl, want.nl);
    cr_assert_eq(fast.quote, want.quote);
    cr_assert_eq(fast.odd, want.odd);
    cr_assert_eq(tok_letter_n(p), tok_letter_n_bytes(p));
    cr_assert_eq(tok_letter_n_swar(p), tok_letter_n_bytes(p));
    cr_assert_eq(swar.delim, want.delim, "delim %d", delim);
    cr_assert_eq(swar.nl, want.nl);
    cr_assert_eq(swar.quote, want.quote);
    cr_assert_eq(swar.odd, want.odd);
}

static const char delims[] = {',', '\t', ';',        '|',        '\n',
                              '"', '\0', (char)0xC3, (char)0x80, (char)0xFF};

Test(tok, each_class_at_every_offset)
{
    static const char special[] = {
        ',',        '\t',       '\n',       '\r',       '"',
        '\0',       (char)0x80, (char)0xC3, (char)0xFF, (char)0x7F,
        (char)0x01, 'n',        'N',        (char)0xEE, (char)0xCE};
    char block[64];

    for (size_t s = 0; s < sizeof(special); s++)
        for (int at = 0; at < 64; at++)
            for (size_t d = 0; d < sizeof(delims); d++) {
                memset(block, 'a', sizeof(block));
                block[at] = special[s];
                expect_same(block, delims[d]);
            }
}

Test(tok, random_bytes)
{
    unsigned long long x = 88172645463325252ULL;
    char block[64];

    for (int round = 0; round < 20000; round++) {
        for (int i = 0; i < 64; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* Mostly the classes, so that neighbours interact. */
            block[i] =
                (x & 0x30) ? "n,\n\"\0\x80\tN"[x >> 40 & 7] : (char)(x >> 24);
        }
        expect_same(block, delims[round % sizeof(delims)]);
    }
}

Test(tok, a_class_fills_the_block)
{
    char block[64];

    memset(block, ',', sizeof(block));
    expect_same(block, ',');
    memset(block, 0, sizeof(block));
    expect_same(block, ',');
    memset(block, 0xFF, sizeof(block));
    expect_same(block, (char)0xFF);
}

static size_t count_bytes(const char *p, size_t n)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i++)
        c += p[i] == '\n';
    return c;
}

/* Every length and start up to a few blocks, and runs long enough for
 * the per-byte counters to wrap if they were summed too late. */
Test(tok, count_lines_matches_a_byte_count)
{
    static char buf[3 * 4096 + 64];
    unsigned long long x = 2463534242ULL;

    for (size_t i = 0; i < sizeof(buf); i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        buf[i] = (x & 3) ? '\n' : (char)(x >> 32);
    }
    for (size_t start = 0; start < 17; start++)
        for (size_t n = 0; n < 300; n++)
            cr_assert_eq(tok_count_lines(buf + start, n),
                         count_bytes(buf + start, n), "start %zu n %zu", start,
                         n);
    memset(buf, '\n', sizeof(buf));
    for (size_t n = 4070; n < sizeof(buf); n += 4091)
        cr_assert_eq(tok_count_lines(buf + 1, n - 1), n - 1, "n %zu", n);
    cr_assert_eq(tok_count_lines(buf, sizeof(buf)), sizeof(buf));
}
