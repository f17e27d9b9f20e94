/*
 * tok.h: finding the bytes a CSV tokenizer stops at, 64 at a time.
 *
 * tok_block() classes the 64 bytes at p into bit masks: bit i of a mask
 * is set when p[i] is of that class.  All 64 bytes must be readable (the
 * reader keeps TOK_PAD spare bytes after its buffer); the caller ignores
 * the bits past its data.  The SSE2 version is inline because the reader
 * calls it for every record; other machines use eight bytes at a time.
 */
#ifndef RSO_TOK_H
#define RSO_TOK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define TOK_PAD 64

struct tok_masks {
    uint64_t delim; /* the delimiter */
    uint64_t nl;    /* '\n' */
    uint64_t quote; /* '"' */
    uint64_t odd;   /* NUL or a byte >= 0x80: UTF-8 to check */
};

/*
 * The number of line ends in the n bytes at p (any n; nothing is read
 * past p + n).  Splitting a file between threads counts the lines of the
 * first part with it.
 */
size_t tok_count_lines(const char *p, size_t n);

/* Eight bytes at a time in a uint64_t: what tok_block() is without SSE2. */
void tok_block_swar(struct tok_masks *out, const char *p, char delim);

/* A byte at a time: the plain statement of what the others compute. */
void tok_block_bytes(struct tok_masks *out, const char *p, char delim);

/*
 * tok_letter_n(): the bytes that are 'n' or 'N', which the default null
 * values start with (the reader marks records that may hold one).
 */
uint64_t tok_letter_n_swar(const char *p);
uint64_t tok_letter_n_bytes(const char *p);

#ifdef __SSE2__
/* Bit i set where byte i of the 16 at p equals c. */
static inline uint64_t tok_eq16(__m128i v, __m128i c)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c));
}

static inline void tok_block(struct tok_masks *out, const char *p, char delim)
{
    const __m128i d = _mm_set1_epi8(delim), nl = _mm_set1_epi8('\n');
    const __m128i q = _mm_set1_epi8('"'), one = _mm_set1_epi8(1);
    __m128i v[4], rare = _mm_setzero_si128();

    out->delim = out->nl = out->quote = out->odd = 0;
    /*
     * Quotes and odd bytes are rare: one mask says whether the block
     * has any, and only then are they told apart.  A byte is odd when
     * it is below 1 as a signed char: NUL, or 0x80 and above.  Unrolled,
     * the shifts are constants and the four loads overlap.
     */
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        v[i] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        out->delim |= tok_eq16(v[i], d) << (16 * i);
        out->nl |= tok_eq16(v[i], nl) << (16 * i);
        rare = _mm_or_si128(rare, _mm_or_si128(_mm_cmpeq_epi8(v[i], q),
                                               _mm_cmplt_epi8(v[i], one)));
    }
    if (!_mm_movemask_epi8(rare))
        return;
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        out->quote |= tok_eq16(v[i], q) << (16 * i);
        out->odd |=
            (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v[i], one))
            << (16 * i);
    }
}

/* Bit i set where byte i of the 64 at p is 'n' or 'N'. */
static inline uint64_t tok_letter_n(const char *p)
{
    const __m128i n = _mm_set1_epi8('n'), lower = _mm_set1_epi8(0x20);
    uint64_t out = 0;

#pragma GCC unroll 4
    for (int i = 0; i < 64; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));

        out |= tok_eq16(_mm_or_si128(v, lower), n) << i;
    }
    return out;
}
#else
static inline void tok_block(struct tok_masks *out, const char *p, char delim)
{
    tok_block_swar(out, p, delim);
}

static inline uint64_t tok_letter_n(const char *p)
{
    return tok_letter_n_swar(p);
}
#endif

#endif
