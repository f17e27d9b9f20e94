/*
 * word.h: eight (or four) bytes read as one word, the first byte in the
 * low bits whatever the machine's byte order, for code that works on
 * the bytes of a text eight at a time (the tokenizer, the number
 * parser, the hash).
 */
#ifndef RSO_WORD_H
#define RSO_WORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t word_load8(const char *p)
{
    uint64_t w;

    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline uint64_t word_load4(const char *p)
{
    uint32_t w;

    memcpy(&w, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap32(w);
#endif
    return w;
}

/*
 * The n bytes at p (1 to 8) as one word, the first in the low byte,
 * zeros above them; nothing past p + n is read.
 */
static inline uint64_t word_short(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;

    if (n >= 4) /* two words, overlapping on equal bytes */
        return word_load4(p) | word_load4(p + n - 4) << (8 * (n - 4));
    return (uint64_t)u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) |
           (uint64_t)u[n - 1] << (8 * (n - 1));
}

#endif
