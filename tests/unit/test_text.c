#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/buf.h"
#include "util/dynlib.h"
#include "util/err.h"
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
    check_clean("a\0b", 3,
                "a\xef\xbf\xbd"
                "b");
    check_clean("\x07\x7f", 2, "\xef\xbf\xbd\xef\xbf\xbd");
    check_clean("\xc2\x85", 2, "\xef\xbf\xbd");
    /* Surrogates, overlong forms, truncated sequences, U+FFFE. */
    check_clean("\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
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

/* Whole files, NUL bytes included; which step failed, and errno. */
Test(text, buf_read_file)
{
    static const char bytes[] = "a\0b\nc";
    char *dir = th_tmpdir(), *path;
    struct rso_buf b = RSO_BUF_INIT;

    th_write_bytes(dir, "f.bin", bytes, sizeof(bytes) - 1);
    cr_assert(asprintf(&path, "%s/f.bin", dir) > 0);
    rso_buf_puts(&b, ">");
    cr_assert_eq(rso_buf_read_file(&b, path), 0);
    cr_assert_eq(b.len, sizeof(bytes));
    cr_assert(!memcmp(b.ptr, ">a\0b\nc", b.len));
    free(path);
    cr_assert(asprintf(&path, "%s/missing", dir) > 0);
    cr_assert_eq(rso_buf_read_file(&b, path), RSO_BUF_EOPEN);
    cr_assert_eq(errno, ENOENT);
    cr_assert_eq(rso_buf_read_file(&b, dir), RSO_BUF_EREAD);
    cr_assert_eq(errno, EISDIR);
    cr_assert_eq(b.len, sizeof(bytes), "failed reads appended nothing");
    free(path);
    rso_buf_release(&b);
    th_rmrf(dir);
    free(dir);
}

static int loads;

static int failing_load(char *why, size_t len)
{
    loads++;
    snprintf(why, len, "cannot load libnothing");
    return -1;
}

/* A library is tried once; its failure is reported on every call. */
Test(text, dynlib_once_keeps_the_outcome)
{
    static const char *const names[] = {"libnothing-recsysops.so.0", NULL};
    struct dynlib_once once = {0};
    char why[256];

    cr_assert_null(dynlib_open(names, why, sizeof(why)));
    cr_assert(strstr(why, "libnothing-recsysops.so.0"), "%s", why);
    for (int i = 0; i < 3; i++) {
        rso_err_clear();
        cr_assert_eq(dynlib_once(&once, failing_load), RSO_EDATA);
        cr_assert_str_eq(rso_errmsg(), "cannot load libnothing");
    }
    cr_assert_eq(loads, 1);
}
