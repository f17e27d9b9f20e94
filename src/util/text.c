#include <fnmatch.h>
#include <string.h>

#include "util/text.h"

static const char replacement[] = "\xEF\xBF\xBD";

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned *cp)
{
    size_t len;
    unsigned c = s[0], min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, c &= 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, c &= 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* Length of an ANSI escape sequence starting at s (ESC), at least 1. */
static size_t ansi_len(const char *s, size_t n)
{
    size_t i = 1;

    if (n > 1 && s[1] == '[') {
        for (i = 2; i < n; i++)
            if ((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E)
                return i + 1;
        return n;
    }
    if (n > 1 && s[1] == ']') { /* OSC, ended by BEL or ESC \ */
        for (i = 2; i < n; i++) {
            if (s[i] == '\a')
                return i + 1;
            if (s[i] == '\033' && i + 1 < n && s[i + 1] == '\\')
                return i + 2;
        }
        return n;
    }
    return n > 1 ? 2 : 1;
}

static void sanitize(struct rso_buf *out, const char *s, size_t n, int fold)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned cp;
        size_t len;

        if (s[i] == '\033') {
            i += ansi_len(s + i, n - i);
            continue;
        }
        len = utf8_len(u + i, n - i, &cp);
        if (len == 0) {
            rso_buf_puts(out, replacement);
            i++;
            continue;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            rso_buf_putc(out, fold ? ' ' : (char)cp);
        } else if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF ||
                   (cp >= 0x80 && cp < 0xA0)) {
            rso_buf_puts(out, replacement);
        } else {
            rso_buf_add(out, s + i, len);
        }
        i += len;
    }
}

void text_sanitize(struct rso_buf *out, const char *s, size_t n)
{
    sanitize(out, s, n, 0);
}

void text_one_line(struct rso_buf *out, const char *s, size_t n)
{
    sanitize(out, s, n, 1);
}

int text_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int prev2[101], prev[101], cur[101];

    /* Optimal string alignment: edits, and swaps of neighbours, cost 1. */
    if (la > 100 || lb > 100)
        return 100;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int best = prev[j - 1] + (a[i - 1] != b[j - 1]);

            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        memcpy(prev2, prev, sizeof(prev));
        memcpy(prev, cur, sizeof(cur));
    }
    return prev[lb];
}

const char *text_suggest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    int best_d = 100;
    int limit = strlen(word) <= 4 ? 1 : 2;

    for (; *candidates; candidates++) {
        int d = text_distance(word, *candidates);

        if (d < best_d) {
            best_d = d;
            best = *candidates;
        }
    }
    return best_d <= limit ? best : NULL;
}

int text_glob(const char *pat, const char *s)
{
    return fnmatch(pat, s, 0) == 0;
}
