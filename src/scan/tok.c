#include "scan/tok.h"
#include "util/word.h"

#define ONES 0x0101010101010101ULL
#define LOW7 0x7F7F7F7F7F7F7F7FULL

/* 0x80 in each byte of x that is zero, else 0: exact, no borrows. */
static uint64_t zero_bytes(uint64_t x)
{
    return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/* The high bits of the eight bytes of m (each 0x80 or 0), as bits 0-7. */
static uint64_t gather(uint64_t m)
{
    return ((m >> 7) * 0x0102040810204080ULL) >> 56;
}

void tok_block_swar(struct tok_masks *out, const char *p, char delim)
{
    const uint64_t d = ONES * (unsigned char)delim, nl = ONES * '\n';
    const uint64_t q = ONES * '"';

    out->delim = out->nl = out->quote = out->odd = 0;
    for (int i = 0; i < 64; i += 8) {
        uint64_t w = word_load8(p + i);

        out->delim |= gather(zero_bytes(w ^ d)) << i;
        out->nl |= gather(zero_bytes(w ^ nl)) << i;
        out->quote |= gather(zero_bytes(w ^ q)) << i;
        out->odd |= gather(zero_bytes(w) | (w & ~LOW7)) << i;
    }
}

size_t tok_count_lines(const char *p, size_t n)
{
    size_t count = 0, i = 0;

#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n');

    /*
     * Each compare adds -1 to a byte counter where there is a line end;
     * the counters are summed (psadbw) before any of them can wrap.
     */
    while (n - i >= 16) {
        __m128i acc = _mm_setzero_si128();
        size_t stop = i + 255 * 16 < n ? i + 255 * 16 : n - (n - i) % 16;

        for (; i < stop; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));

            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl));
        }
        acc = _mm_sad_epu8(acc, _mm_setzero_si128());
        count += (size_t)_mm_cvtsi128_si32(acc) +
                 (size_t)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
    }
#endif
    for (; i < n; i++)
        count += p[i] == '\n';
    return count;
}

void tok_block_bytes(struct tok_masks *out, const char *p, char delim)
{
    out->delim = out->nl = out->quote = out->odd = 0;
    for (int i = 0; i < 64; i++) {
        unsigned char c = (unsigned char)p[i];
        uint64_t bit = 1ULL << i;

        if (c == (unsigned char)delim)
            out->delim |= bit;
        if (c == '\n')
            out->nl |= bit;
        if (c == '"')
            out->quote |= bit;
        if (c == 0 || c >= 0x80)
            out->odd |= bit;
    }
}

uint64_t tok_letter_n_swar(const char *p)
{
    uint64_t out = 0;

    for (int i = 0; i < 64; i += 8)
        out |=
            gather(zero_bytes((word_load8(p + i) | ONES * 0x20) ^ ONES * 'n'))
            << i;
    return out;
}

uint64_t tok_letter_n_bytes(const char *p)
{
    uint64_t out = 0;

    for (int i = 0; i < 64; i++)
        if (p[i] == 'n' || p[i] == 'N')
            out |= 1ULL << i;
    return out;
}
