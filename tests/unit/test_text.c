#include <criterion/criterion.h>
#include <string.h>

#include "util/text.h"

static void check_clean(const char *in, size_t n, const char *want)
{
    struct rso_buf b = RSO_BUF_INIT;

    text_sanitize(&b, in, n);
    cr_assert_str_eq(rso_buf_str(&b), want);
    rso_buf_release(&b);
}

Test(text, sanitize_keeps_valid_utf8_and_whitespace)
{
    check_clean("a\tb\nc\r", 6, "a\tb\nc\r");
    check_clean("\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\xac", 11,
                "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\xac");
}

Test(text, sanitize_replaces_what_xml_cannot_hold)
{
    /* A NUL inside the data, C0 and C1 controls, DEL. */
    check_clean("a\0b", 3, "a\xef\xbf\xbd" "b");
    check_clean("\x07\x7f", 2, "\xef\xbf\xbd\xef\xbf\xbd");
    check_clean("\xc2\x85", 2, "\xef\xbf\xbd");
    /* Surrogates, overlong forms, truncated sequences, U+FFFE. */
    check_clean("\xed\xa0\x80", 3,
                "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    check_clean("\xc0\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd");
    check_clean("\xe6\x97", 2, "\xef\xbf\xbd\xef\xbf\xbd");
    check_clean("\xef\xbf\xbe", 3, "\xef\xbf\xbd");
}

Test(text, sanitize_drops_terminal_escapes)
{
    check_clean("\033[1;31mred\033[0m", 14, "red");
    check_clean("\033]8;;http://x\007link\033]8;;\007", 24, "link");
    check_clean("tail\033", 5, "tail");
}

Test(text, one_line_folds_newlines)
{
    struct rso_buf b = RSO_BUF_INIT;

    text_one_line(&b, "a\nb\tc", 5);
    cr_assert_str_eq(rso_buf_str(&b), "a b c");
    rso_buf_release(&b);
}

Test(text, suggestions)
{
    const char *keys[] = {"min", "max", "max_drop", "columns", NULL};

    cr_assert_str_eq(text_suggest("mni", keys), "min");
    cr_assert_str_eq(text_suggest("colums", keys), "columns");
    cr_assert_str_eq(text_suggest("max_dorp", keys), "max_drop");
    cr_assert_null(text_suggest("severity", keys));
    cr_assert_eq(text_distance("kitten", "sitting"), 3);
    cr_assert_eq(text_distance("", "abc"), 3);
}
