/*
 * Data checks through the real binary: every kind passing and failing on
 * small sources, errors for what cannot be read, and the two-thread scan
 * giving what one thread gives (exact statistics only: a merged KLL
 * sketch is another approximation within the same rank error, which
 * test_stats.c checks).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/buf.h"

static const char plays[] = "user,item,ts,device,score,duration\n"
                            "u1,i1,2026-11-30T10:00:00Z,tv,0.5,100\n"
                            "u2,i2,2026-11-30T11:00:00Z,web,0.9,\n"
                            "u3,i1,2026-11-30T12:00:00Z,tv,0.1,300\n"
                            "u1,i1,2026-11-30T10:00:00Z,fridge,1.7,400\n"
                            "u4,i3,2026-11-30T23:00:00Z,mobile,inf,500\n";

static const char ref[] =
    "score,device\n0.1,tv\n0.2,tv\n0.3,web\n0.4,mobile\n0.5,tv\n"
    "0.6,web\n0.7,tv\n0.8,mobile\n0.9,tv\n1.0,web\n";

static char *project(const char *checks)
{
    char *dir = th_tmpdir();
    char cfg[4096];

    th_write(dir, "data/plays.csv", plays);
    th_write(dir, "data/ref.csv", ref);
    snprintf(cfg, sizeof(cfg),
             "version: 1\n"
             "sources:\n"
             "  plays: { path: data/plays.csv, time: ts }\n"
             "  ref: { path: data/ref.csv }\n"
             "checks:\n%s",
             checks);
    th_write(dir, "recsysops.yml", cfg);
    return dir;
}

static void gate(struct th_run *r, const char *dir)
{
    th_rso(r, dir, "gate --now 2026-12-01T00:00:00Z -v");
}

/*
 * The gate in dir (-v, hotfix lines left out) on one thread into one,
 * then with its sources of 100 bytes or more split between two threads
 * into two: both must say the same, to the byte.
 */
static void gate_one_then_two(struct th_run *one, struct th_run *two,
                              const char *dir)
{
    th_sh(one, dir,
          "RSO_THREADS=1 '%s' gate -v --now 2026-12-01 | grep -v hotfix",
          th_bin());
    th_sh(two, dir,
          "RSO_SPLIT_MIN=100 '%s' gate -v --now 2026-12-01 | grep -v hotfix",
          th_bin());
    cr_assert_str_eq(two->out, one->out);
}

/* Remove from s, in place, every line that holds needle. */
static void drop_lines(char *s, const char *needle)
{
    char *w = s;

    for (const char *p = s; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);

        if (!memmem(p, n, needle, strlen(needle))) {
            memmove(w, p, n);
            w += n;
        }
        p += n;
    }
    *w = '\0';
}

/*
 * The gate in dir (-v, then args) on one thread into one, then with its
 * sources of split_min bytes or more split between two threads into
 * two, which must say it used both when two_threads is set.  Both must
 * say the same, to the byte, but for the line giving the reading time
 * and the threads.
 */
static void gate_split_like_one(struct th_run *one, struct th_run *two,
                                const char *dir, int split_min,
                                const char *args, int two_threads)
{
    th_sh(one, dir, "RSO_THREADS=1 '%s' gate -v %s", th_bin(), args);
    th_sh(two, dir, "RSO_SPLIT_MIN=%d '%s' gate -v %s", split_min, th_bin(),
          args);
    if (two_threads)
        cr_assert(th_has(two->out, "by 2 threads"), "%s", two->out);
    drop_lines(one->out, "read in");
    drop_lines(two->out, "read in");
    cr_assert_str_eq(two->out, one->out);
}

Test(data, every_kind_passes_on_good_data)
{
    char *dir = project(
        "  - { id: vol, source: plays, rows: { min: 5, max: 5, baseline: 5,"
        " max_drop: 10% } }\n"
        "  - { id: fresh, source: plays, freshness: { max_age: 2h } }\n"
        "  - { id: miss, source: plays, missing: { columns: all, "
        "max_count: 1 } }\n"
        "  - { id: keys, source: plays, unique: { columns: [user, item, "
        "device] } }\n"
        "  - { id: dur, source: plays, range: { column: duration, min: 0 } }\n"
        "  - { id: times, source: plays, range: { column: ts, "
        "min: 2026-11-30, max: 2026-12-01 } }\n"
        "  - { id: dev, source: plays, values: { column: device, "
        "pattern: '[a-z]+' } }\n"
        "  - { id: sch, source: plays, schema: { columns: { user: string, "
        "item: string, ts: timestamp, device: string, score: float, "
        "duration: int }, ordered: true } }\n"
        "  - { id: drift, source: ref, drift: { column: score, "
        "reference: data/ref.csv, statistic: ks, max: 0 } }\n");
    struct th_run r;

    gate(&r, dir);
    cr_assert_eq(r.status, 0, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "9 checks: 9 passed"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, failures_state_observed_threshold_and_rows)
{
    char *dir = project(
        "  - { id: vol, source: plays, rows: { baseline: 10, "
        "max_drop: 20% } }\n"
        "  - { id: fresh, source: plays, freshness: { max_age: 30m } }\n"
        "  - { id: miss, source: plays, missing: { columns: [duration], "
        "max: 10% } }\n"
        "  - { id: keys, source: plays, unique: { columns: [user, ts] } }\n"
        "  - { id: score, source: plays, range: { column: score, min: 0, "
        "max: 1 } }\n"
        "  - { id: dev, source: plays, values: { column: device, "
        "in: [tv, web, mobile] } }\n"
        "  - { id: sch, source: plays, schema: { columns: [user, item] } }\n"
        "  - { id: drift, source: plays, drift: { column: device, "
        "reference: ref, statistic: linf, max: 0.1 } }\n");
    struct th_run r;

    gate(&r, dir);
    cr_assert_eq(r.status, 1, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(th_has(r.out, "5 rows, 50.00% below the baseline 10, beyond "
                            "max_drop 20.00%"),
              "%s", r.out);
    cr_assert(th_has(r.out, "the newest 'ts' is 2026-11-30T23:00:00Z, 1h 0m "
                            "old, above the maximum age 30m"),
              "%s", r.out);
    cr_assert(th_has(r.out, "1 column over the limit: 'duration' is 20.000% "
                            "missing (1 of 5 rows), above the maximum "
                            "10.000%"),
              "%s", r.out);
    cr_assert(th_has(r.out, "data/plays.csv:3: duration is missing"));
    cr_assert(th_has(r.out, "1 duplicate rows of key (user, ts)"), "%s", r.out);
    cr_assert(th_has(r.out, "data/plays.csv:5: (user, ts) = u1, "
                            "2026-11-30T10:00:00Z, first seen on line 2"),
              "%s", r.out);
    cr_assert(th_has(r.out, "2 of 5 values of 'score' outside [0, 1]"));
    cr_assert(th_has(r.out, "data/plays.csv:5: score = 1.7"));
    cr_assert(th_has(r.out, "data/plays.csv:6: score = inf"));
    cr_assert(th_has(r.out, "1 of 5 values of 'device' unexpected "
                            "(20.000%), above the maximum 0.000%"));
    cr_assert(th_has(r.out, "'fridge': 1 rows (first on line 5)"));
    cr_assert(th_has(r.out, "column 'ts' (position 3) is not expected"));
    cr_assert(th_has(r.out, "linf of 'device' against 'ref' is"), "%s", r.out);
    cr_assert(th_has(r.out, "8 checks: 0 passed, 8 blocking"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, nan_and_inf_allowed_when_asked)
{
    char *dir = project("  - { id: score, source: plays, range: { column: "
                        "score, min: 0, max: 2, allow_inf: true } }\n");
    struct th_run r;

    gate(&r, dir);
    cr_assert_eq(r.status, 0, "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/*
 * The scan reads 256 records at a time, and a range check looks at a
 * batch's records only when one of them is outside its bounds: the
 * violations in the second, third and fourth batches, an infinity
 * among them, must all be found, by one thread or two, and the moments
 * must sum every batch (numpy: mean 24.6166, stddev 14.6063 of the 999
 * finite values).
 */
Test(data, range_violations_in_later_batches)
{
    char *dir = th_tmpdir();
    struct rso_buf csv = RSO_BUF_INIT;
    struct th_run one, two;

    rso_buf_puts(&csv, "x,y\n");
    for (int i = 1; i <= 1000; i++) {
        int line = i + 1;

        if (line == 302)
            rso_buf_puts(&csv, "99,a\n");
        else if (line == 703)
            rso_buf_puts(&csv, "inf,a\n");
        else if (line == 904)
            rso_buf_puts(&csv, "-1,a\n");
        else
            rso_buf_printf(&csv, "%d,a\n", i % 50);
    }
    th_write(dir, "s.csv", rso_buf_str(&csv));
    rso_buf_release(&csv);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv }\nchecks:\n"
             "  - { id: r, source: s, range: { column: x, min: 0, max: 50 } }\n"
             "  - { id: m, source: s, stats: { column: x, mean: { max: 100 },"
             " stddev: { max: 100 } } }\n");
    gate_one_then_two(&one, &two, dir);
    cr_assert(th_has(one.out, "3 of 1000 values of 'x' outside [0, 50]"), "%s",
              one.out);
    cr_assert(th_has(one.out, "s.csv:302: x = 99\n"), "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:703: x = inf\n"), "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:904: x = -1\n"), "%s", one.out);
    cr_assert(th_has(one.out, "observed min -1 (line 904), max 99 (line 302)"),
              "%s", one.out);
    cr_assert(th_has(one.out, "'x': mean 24.6166, stddev 14.6063"), "%s",
              one.out);
    th_run_free(&one);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

/*
 * values reads its column a batch at a time: unexpected values in later
 * batches, among nulls, are all counted with their lines, by one thread
 * or two, and a regular expression sees the same cells.
 */
Test(data, unexpected_values_in_later_batches)
{
    char *dir = th_tmpdir();
    struct rso_buf csv = RSO_BUF_INIT;
    struct th_run one, two;

    rso_buf_puts(&csv, "c,x\n");
    for (int i = 1; i <= 1000; i++) {
        int line = i + 1;

        if (line == 258 || line == 777)
            rso_buf_puts(&csv, "xx,1\n");
        else if (line == 1001)
            rso_buf_puts(&csv, "Fr,1\n");
        else
            rso_buf_puts(&csv, i % 7 == 0 ? ",1\n"
                               : i % 11   ? "fr,1\n"
                                          : "NA,1\n");
    }
    th_write(dir, "s.csv", rso_buf_str(&csv));
    rso_buf_release(&csv);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv }\nchecks:\n"
             "  - { id: in, source: s, values: { column: c, in: [fr, de] } }\n"
             "  - { id: re, source: s, values: { column: c, "
             "pattern: '[a-z]{2}' } }\n");
    gate_one_then_two(&one, &two, dir);
    /* 1000 rows, 142 empty and 78 NA: 780 present, 3 unexpected. */
    cr_assert(th_has(one.out, "3 of 780 values of 'c' unexpected"), "%s",
              one.out);
    cr_assert(th_has(one.out, "s.csv:258: c = xx\n"), "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:777: c = xx\n"), "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:1001: c = Fr\n"), "%s", one.out);
    cr_assert(th_has(one.out, "1 of 780 values of 'c' unexpected"), "%s",
              one.out);
    th_run_free(&one);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

/*
 * freshness reads its time column a batch at a time: the newest times,
 * in later batches, keep their lines, by one thread or two.
 */
Test(data, newest_times_in_later_batches)
{
    char *dir = th_tmpdir();
    struct rso_buf csv = RSO_BUF_INIT;
    struct th_run one, two;
    const long long now = 1796083200; /* 2026-12-01T00:00:00Z */

    rso_buf_puts(&csv, "ts,x\n");
    for (int i = 1; i <= 1000; i++) {
        int line = i + 1;

        if (line == 700)
            rso_buf_printf(&csv, "%lld,1\n", now + 3600);
        else if (line == 950)
            rso_buf_printf(&csv, "%lld,1\n", now + 7200);
        else if (line == 801)
            rso_buf_puts(&csv, "soon,1\n"); /* not a time: not the newest */
        else if (i % 9 == 0)
            rso_buf_puts(&csv, ",1\n");
        else
            rso_buf_printf(&csv, "%lld,1\n", now - (1000 - i) * 60);
    }
    th_write(dir, "s.csv", rso_buf_str(&csv));
    rso_buf_release(&csv);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv, time: ts }\n"
             "checks:\n"
             "  - { id: f, source: s, freshness: { max_age: 1d, "
             "max_future: 1m } }\n");
    gate_one_then_two(&one, &two, dir);
    cr_assert(th_has(one.out, "the newest 'ts' is 2026-12-01T02:00:00Z, "
                              "2h 0m in the future"),
              "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:950: ts = 2026-12-01T02:00:00Z"), "%s",
              one.out);
    cr_assert(th_has(one.out, "s.csv:700: ts = 2026-12-01T01:00:00Z"), "%s",
              one.out);
    th_run_free(&one);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

/* Nulls are not values, for the scan nor for the checks. */
Test(data, values_skip_nulls)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "recsysops.yml",
             "version: 1\n"
             "sources:\n"
             "  s: { path: s.csv }\n"
             "checks:\n"
             "  - { id: c, source: s, values: { column: c, in: [fr, de] } }\n"
             "  - { id: p, source: s, values: { column: c, "
             "pattern: '[a-z]{2}' } }\n"
             "  - { id: m, source: s, missing: { columns: all, max: 50% } }\n");
    th_write(dir, "s.csv", "c,x\nfr,1\n,2\nNA,3\nde,4\n");
    gate(&r, dir);
    cr_assert_eq(r.status, 0, "%s", r.out);
    cr_assert(th_has(r.out, "3 checks: 3 passed"), "%s", r.out);
    th_run_free(&r);
    th_write(dir, "s.csv", "c,x\nfr,1\n,2\nNA,3\nxx,4\nDE,5\n");
    gate(&r, dir);
    cr_assert_eq(r.status, 1, "%s", r.out);
    /* Of the 3 present values, 2 are not in the set, 1 not a match. */
    cr_assert(th_has(r.out, "2 of 3 values"), "%s", r.out);
    cr_assert(th_has(r.out, "1 of 3 values"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, missing_column_is_an_error_exit_3)
{
    char *dir = project("  - { id: score, source: plays, range: { column: "
                        "scroe, min: 0 } }\n");
    struct th_run r;
    char *xml;

    gate(&r, dir);
    cr_assert_eq(r.status, 3, "%s", r.out);
    cr_assert(th_has(r.out, "source 'plays' has no column 'scroe'"), "%s",
              r.out);
    xml = th_read(dir, "reports/recsysops.xml");
    cr_assert(th_has(xml, "<error"), "%s", xml);
    free(xml);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, bad_rows_fail_or_are_skipped_and_counted)
{
    char *dir = project("  - { id: vol, source: plays, rows: { min: 1 } }"
                        "\n");
    struct th_run r;

    th_write(dir, "data/plays.csv", "a,b\n1,2\n3\n4,5\n");
    gate(&r, dir);
    cr_assert_eq(r.status, 3, "%s", r.out);
    cr_assert(th_has(r.out, "data/plays.csv:3: expected 2 fields as in the "
                            "header, found 1"),
              "%s", r.out);
    th_run_free(&r);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  plays: { path: data/plays.csv, "
             "on_bad_row: skip, max_bad_rows: 1 }\n"
             "checks:\n  - { id: vol, source: plays, rows: { min: 3 } }\n");
    gate(&r, dir);
    cr_assert_eq(r.status, 1, "%s", r.out);
    cr_assert(th_has(r.out, "2 rows, below the minimum 3"), "%s", r.out);
    cr_assert(th_has(r.out, "1 bad rows were skipped"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, overflowing_number_is_an_error)
{
    char *dir = project("  - { id: d, source: plays, range: { column: b, "
                        "min: 0 } }\n");
    struct th_run r;

    th_write(dir, "data/plays.csv", "a,b\n1,2\n3,1e999\n");
    gate(&r, dir);
    cr_assert_eq(r.status, 3, "%s", r.out);
    cr_assert(th_has(r.out, "data/plays.csv:3: '1e999' in column 'b' "
                            "overflows a double"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/* A CSV of n rows; with quotes, most bytes sit in multi-line fields. */
static void big_csv(const char *dir, const char *rel, int n, int quotes)
{
    size_t cap = (size_t)n * 120 + 64, len = 0;
    char *s = malloc(cap);

    len += (size_t)snprintf(s, cap, "id,grp,x,note\n");
    for (int i = 0; i < n; i++) {
        int dup = i % 1000 == 999 ? i - 1 : i;

        if (quotes)
            len += (size_t)snprintf(s + len, cap - len,
                                    "%d,g%d,%d.%d,\"line one\nline, two "
                                    "\"\"quoted\"\" and padding text\"\n",
                                    dup, i % 7, i % 997, i % 10);
        else
            len += (size_t)snprintf(s + len, cap - len, "%d,g%d,%d.%d,n\n", dup,
                                    i % 7, i % 997, i % 10);
    }
    th_write_bytes(dir, rel, s, len);
    free(s);
}

Test(data, two_threads_give_what_one_gives)
{
    char *dir = th_tmpdir();
    struct th_run one, two;
    const char *checks =
        "checks:\n"
        "  - { id: vol, source: s, rows: { max: 1 } }\n"
        "  - { id: keys, source: s, unique: { columns: id } }\n"
        "  - { id: x, source: s, range: { column: x, min: 0, max: 900 } }\n"
        "  - { id: g, source: s, values: { column: grp, in: [g1, g2] } }\n"
        "  - { id: m, source: s, missing: { columns: all, max: 0 } }\n"
        "  - { id: d, source: s, drift: { column: grp, reference: r, "
        "statistic: js, max: 0 } }\n";
    char cfg[2048];

    big_csv(dir, "plain.csv", 40000, 0);
    big_csv(dir, "quoted.csv", 40000, 1);
    big_csv(dir, "r.csv", 3000, 0);
    for (int q = 0; q < 2; q++) {
        snprintf(cfg, sizeof(cfg),
                 "version: 1\nsources:\n  s: { path: %s }\n"
                 "  r: { path: r.csv }\n%s",
                 q ? "quoted.csv" : "plain.csv", checks);
        th_write(dir, "recsysops.yml", cfg);
        /* Quoted line ends straddle the split: one thread reads on. */
        gate_split_like_one(&one, &two, dir, 1000, "--now 2026-12-01", !q);
        cr_assert(th_has(one.out, "40000 rows"), "%s", one.out);
        cr_assert(th_has(one.out, "40 duplicate rows"), "%s", one.out);
        th_run_free(&one);
        th_run_free(&two);
    }
    th_rmrf(dir);
    free(dir);
}

/*
 * The second thread reads without counting the lines before its part:
 * its line numbers are shifted when the first is done.  In a 9 MB file
 * a value near the end must be named on its line, as one thread names
 * it.
 */
Test(data, lines_named_right_past_the_split)
{
    char *dir = th_tmpdir();
    struct th_run one, two;
    const int n = 500000;
    char want[64];

    big_csv(dir, "s.csv", n, 0);
    /* One more record, out of range, on line 2 + n. */
    th_sh(&one, dir, "echo 1,g1,5000.5,n >> s.csv");
    th_run_free(&one);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv }\nchecks:\n"
             "  - { id: n, source: s, rows: { max: 1 } }\n"
             "  - { id: x, source: s, range: { column: x, min: 0, "
             "max: 1000 } }\n");
    th_sh(&one, dir, "RSO_THREADS=1 '%s' gate -v --now 2026-12-01", th_bin());
    snprintf(want, sizeof(want), "s.csv:%d: x = 5000.5\n", 2 + n);
    cr_assert(th_has(one.out, want), "%s", one.out);
    th_sh(&two, dir, "RSO_SPLIT_MIN=1000 '%s' gate -v --now 2026-12-01",
          th_bin());
    cr_assert(th_has(two.out, "by 2 threads"), "%s", two.out);
    cr_assert(th_has(two.out, want), "%s", two.out);
    cr_assert(th_has(one.out, "500001 rows"), "%s", one.out);
    cr_assert(th_has(two.out, "500001 rows"), "%s", two.out);
    th_run_free(&one);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

/*
 * 2000 rows "a,b,c" split at half: everything the checks name lies in
 * the second part, where the lines are shifted: nulls, a text that is
 * not a number, keys first seen and seen again there, or first seen in
 * the first part.  Two threads must say what one says, line for line.
 */
static void shifted_csv(const char *dir)
{
    struct rso_buf csv = RSO_BUF_INIT;

    rso_buf_puts(&csv, "a,b,c\n");
    for (int i = 1; i <= 2000; i++) {
        int line = i + 1, key = i;

        if (line == 1650)
            key = 1500 - 1; /* first seen on line 1500 */
        if (line == 1900)
            key = 10 - 1; /* first seen on line 10 */
        rso_buf_printf(&csv, "%d,%s,%s\n", key, line == 1700 ? "x" : "1.5",
                       line == 1500 || line == 1600 ? "" : "v");
    }
    th_write(dir, "s.csv", rso_buf_str(&csv));
    rso_buf_release(&csv);
}

Test(data, second_part_lines_are_shifted)
{
    char *dir = th_tmpdir();
    struct th_run one, two;

    shifted_csv(dir);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv }\nchecks:\n"
             "  - { id: n, source: s, rows: { max: 1 } }\n"
             "  - { id: m, source: s, missing: { columns: [c], max: 0 } }\n"
             "  - { id: st, source: s, stats: { column: b, "
             "mean: { max: 1 } } }\n"
             "  - { id: u, source: s, unique: { columns: a } }\n");
    gate_split_like_one(&one, &two, dir, 100, "--now 2026-12-01", 1);
    cr_assert(th_has(one.out, "s.csv:1500: c is missing\n"), "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:1600: c is missing\n"), "%s", one.out);
    cr_assert(th_has(one.out, "the first, line 1700: x"), "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:1650: (a) = 1499, first seen on line "
                              "1500"),
              "%s", one.out);
    cr_assert(th_has(one.out, "s.csv:1900: (a) = 9, first seen on line 10"),
              "%s", one.out);
    th_run_free(&one);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

/*
 * What the second thread would report as text (a ragged row, a number
 * that overflows, a skipped row past max_bad_rows) holds its own line
 * numbers: the first thread reads on instead and names the right line.
 * Every kind that runs on two threads is there, so that each drops the
 * second thread's state (make asan finds one left behind).
 */
Test(data, second_part_errors_name_their_lines)
{
    static const struct {
        const char *row, *source, *want;
        int also_line_100, status;
    } cases[] = {
        {"1,2,v", "path: s.csv",
         "s.csv:1800: expected 4 fields as in the header, found 3", 0, 3},
        {"1,1e999,v,1796000000", "path: s.csv",
         "s.csv:1800: '1e999' in column 'b' overflows a double", 0, 1},
        {"1,2,v", "path: s.csv, on_bad_row: skip, max_bad_rows: 0",
         "1 bad rows, more than max_bad_rows (0); the first: "
         "s.csv:1800: expected 4 fields",
         0, 3},
        /* Skipped within bounds: counted, the second part read again. */
        {"1,2,v", "path: s.csv, on_bad_row: skip, max_bad_rows: 5",
         "1 bad rows were skipped", 0, 1},
        /* One in each part: the first part's message, both counted. */
        {"1,2,v", "path: s.csv, on_bad_row: skip, max_bad_rows: 1",
         "2 bad rows, more than max_bad_rows (1); the first: "
         "s.csv:100: expected 4 fields",
         1, 3},
    };

    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        char *dir = th_tmpdir();
        struct rso_buf csv = RSO_BUF_INIT;
        char cfg[1024];
        struct th_run r;

        rso_buf_puts(&csv, "a,b,c,t\n");
        for (int line = 2; line <= 2001; line++)
            if (line == 1800 || (line == 100 && cases[k].also_line_100))
                rso_buf_printf(&csv, "%s\n", cases[k].row);
            else
                rso_buf_printf(&csv, "%d,2,v,1796000000\n", line);
        th_write(dir, "s.csv", rso_buf_str(&csv));
        rso_buf_release(&csv);
        snprintf(cfg, sizeof(cfg),
                 "version: 1\nsources:\n  s: { %s, time: t }\nchecks:\n"
                 "  - { id: n, source: s, rows: { max: 1 } }\n"
                 "  - { id: r, source: s, range: { column: b, min: 0 } }\n"
                 "  - { id: v, source: s, values: { column: c, in: [v] } }\n"
                 "  - { id: u, source: s, unique: { columns: a } }\n"
                 "  - { id: f, source: s, freshness: { max_age: 1d } }\n",
                 cases[k].source);
        th_write(dir, "recsysops.yml", cfg);
        th_sh(&r, dir, "RSO_SPLIT_MIN=100 '%s' gate -v --now 2026-12-01",
              th_bin());
        /* 3 when the source cannot be read; else the rows check blocks
           (its details name the skipped rows) beside any error: 1. */
        cr_assert_eq(r.status, cases[k].status, "%s", r.out);
        cr_assert(th_has(r.out, cases[k].want), "%s", r.out);
        th_run_free(&r);
        th_rmrf(dir);
        free(dir);
    }
}

/*
 * A column asked only for its distinct count is read from the reader's
 * null marks: nulls (empty, NA, null) are not values, words that start
 * with n are, on one thread and on two.
 */
Test(data, distinct_values_leave_nulls_out)
{
    char *dir = th_tmpdir();
    struct rso_buf csv = RSO_BUF_INIT;
    static const char *dev[] = {"tv", "nokia", "", "NA", "web", "null", "n"};
    struct th_run one, two;

    rso_buf_puts(&csv, "id,device\n");
    for (int i = 0; i < 3000; i++)
        rso_buf_printf(&csv, "%d,%s\n", i, dev[i % 7]);
    th_write_bytes(dir, "s.csv", csv.ptr, csv.len);
    rso_buf_release(&csv);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv }\nchecks:\n"
             "  - { id: d, source: s, stats: { column: device, "
             "distinct: { min: 4, max: 4 } } }\n");
    gate_one_then_two(&one, &two, dir);
    cr_assert(th_has(one.out, "pass  data/d: 'device': distinct 4"), "%s",
              one.out);
    th_run_free(&one);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

/*
 * A listed null value may read as a number: "-1" listed is a null in a
 * number column, never a value, while "-1.0" is a value; with a list,
 * "" is null only when listed.
 */
Test(data, listed_nulls_that_look_like_numbers)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "s.csv", "id,x\n1,5\n2,-1\n3,7\n4,\n5,-1.0\n6,-1\n");
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n"
             "  s: { path: s.csv, null_values: [\"-1\", \"\"] }\n"
             "checks:\n"
             "  - { id: m, source: s, missing: { columns: [x], max: 0 } }\n"
             "  - { id: r, source: s, range: { column: x, min: 0, max: 10 } }\n"
             "  - { id: st, source: s, stats: { column: x, "
             "mean: { max: 100 } } }\n");
    th_sh(&r, dir, "'%s' gate -v --now 2026-12-01", th_bin());
    cr_assert(th_has(r.out, "x: 3 of 6 missing"), "%s", r.out);
    cr_assert(th_has(r.out, "1 of 3 values of 'x' outside [0, 10]"), "%s",
              r.out);
    cr_assert(th_has(r.out, "s.csv:6: x = -1.0\n"), "%s", r.out);
    cr_assert(th_has(r.out, "'x': mean 3.66667"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

/*
 * Infinities and NaN never enter the quantile sketch: 1 to 100 with a
 * third of the rows inf, -inf or nan has the median of 1 to 100.
 */
Test(data, quantiles_leave_infinities_out)
{
    char *dir = th_tmpdir();
    struct rso_buf csv = RSO_BUF_INIT;
    static const char *odd[] = {"inf", "-inf", "nan"};
    struct th_run r;

    rso_buf_puts(&csv, "x\n");
    for (int i = 1; i <= 100; i++) {
        rso_buf_printf(&csv, "%d\n", i);
        if (i % 2)
            rso_buf_printf(&csv, "%s\n", odd[i % 3]);
    }
    th_write_bytes(dir, "s.csv", csv.ptr, csv.len);
    rso_buf_release(&csv);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: s.csv }\nchecks:\n"
             "  - { id: q, source: s, stats: { column: x, "
             "p50: { max: 50 }, p99: { max: 100 } } }\n");
    th_sh(&r, dir, "'%s' gate -v --now 2026-12-01", th_bin());
    cr_assert_eq(r.status, 0, "%s", r.out);
    cr_assert(th_has(r.out, "p50 50, p99 99"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, stats_kind_bounds)
{
    char *dir =
        project("  - { id: s, source: plays, stats: { column: duration, "
                "mean: { min: 300, max: 325 }, p50: { max: 300 }, "
                "distinct: { min: 4, max: 4 } } }\n"
                "  - { id: t, source: plays, stats: { column: duration, "
                "stddev: { max: 100 } } }\n");
    struct th_run r;

    gate(&r, dir);
    cr_assert_eq(r.status, 1, "%s", r.out);
    /* 100, 300, 400, 500: mean 325, sample stddev 170.78, p50 300. */
    cr_assert(th_has(r.out, "pass  data/s: 'duration': mean 325, p50 300, "
                            "distinct 4"),
              "%s", r.out);
    cr_assert(th_has(r.out, "stddev of 'duration' is 170.783, above the "
                            "maximum 100"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, init_profile_proposes_a_config_that_passes)
{
    char *dir = project("");
    struct th_run r;
    char *yml;

    th_sh(&r, dir, "rm recsysops.yml");
    th_run_free(&r);
    th_rso(&r, dir,
           "init --profile data/plays.csv data/ref.csv "
           "--now 2026-12-01T00:00:00Z");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    th_rso(&r, dir, "init --profile data/plays.csv");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "'recsysops.yml' exists; --force"));
    th_run_free(&r);
    yml = th_read(dir, "recsysops.yml");
    cr_assert(th_has(yml, "plays: { path: data/plays.csv, time: ts }"), "%s",
              yml);
    cr_assert(th_has(yml, "ts: timestamp"), "%s", yml);
    cr_assert(th_has(yml, "score: float"), "%s", yml);
    cr_assert(th_has(yml, "'duration': 1 of 5 missing (20.000%)"), "%s", yml);
    cr_assert(th_has(yml, "range: { column: score, min: 0, max: 1.9, "
                          "allow_nan: true, allow_inf: true }"),
              "%s", yml);
    cr_assert(th_has(yml, "range: { column: ts, min: 2026-11-30 }"), "%s", yml);
    cr_assert(th_has(yml, "freshness: { max_age: 25h }"), "%s", yml);
    free(yml);
    th_rso(&r, dir, "gate --now 2026-12-01T00:00:00Z");
    cr_assert_eq(r.status, 0, "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, init_profile_finds_keys_and_value_sets)
{
    char *dir = th_tmpdir();
    char text[4096];
    size_t n = 0;
    struct th_run r;
    char *yml;

    n += (size_t)snprintf(text, sizeof(text), "id,colour,flag\n");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "k%d,%s,%s\n", i,
                              i % 3 ? "red" : "blue", i % 2 ? "true" : "false");
    th_write(dir, "items.csv", text);
    th_rso(&r, dir, "init --profile items.csv -c out.yml");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    yml = th_read(dir, "out.yml");
    cr_assert(th_has(yml, "unique: { columns: [id] }"), "%s", yml);
    cr_assert(th_has(yml, "values: { column: colour, in: [blue, red] }"), "%s",
              yml);
    cr_assert(th_has(yml, "flag: bool"), "%s", yml);
    free(yml);
    th_rso(&r, dir, "gate -c out.yml");
    cr_assert_eq(r.status, 0, "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, jsonl_zstd_source_and_gzip_partitions)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "s/a.jsonl",
             "{\"user\": {\"id\": \"u1\", \"country\": \"fr\"}, \"n\": 1}\n"
             "{\"user\": {\"id\": \"u2\"}, \"n\": 2}\n");
    th_write(dir, "p/1.csv", "a,b\n1,2\n");
    th_write(dir, "p/2.csv", "a,b\n3,4\n5,x\n");
    th_sh(&r, dir,
          "zstd -q s/a.jsonl -o s/a.jsonl.zst && rm s/a.jsonl && "
          "gzip p/1.csv p/2.csv");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n"
             "  s: { path: s/a.jsonl.zst }\n"
             "  p: { path: p, format: csv }\n"
             "checks:\n"
             "  - { id: c, source: s, missing: { columns: [user.country], "
             "max: 10% } }\n"
             "  - { id: k, source: s, unique: { columns: user.id } }\n"
             "  - { id: r, source: p, rows: { min: 3, max: 3 } }\n"
             "  - { id: b, source: p, range: { column: b, min: 0 } }\n");
    th_rso(&r, dir, "gate -v");
    cr_assert_eq(r.status, 1, "%s", r.out);
    cr_assert(th_has(r.out, "'user.country' is 50.000% missing"), "%s", r.out);
    cr_assert(th_has(r.out, "s/a.jsonl.zst:2: user.country is missing"), "%s",
              r.out);
    cr_assert(th_has(r.out, "pass  data/k: 2 distinct keys"), "%s", r.out);
    cr_assert(th_has(r.out, "pass  data/r: 3 rows"), "%s", r.out);
    cr_assert(th_has(r.out, "p/2.csv.gz:3: b = x"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, two_threads_on_json_lines)
{
    char *dir = th_tmpdir();
    struct th_run one, two;
    size_t cap = 40000 * 80, len = 0;
    char *s = malloc(cap);

    /* A name the first record has not, on line 30001 alone (the second
       thread's part): its line is shifted too. */
    for (int i = 0; i < 40000; i++)
        len +=
            (size_t)snprintf(s + len, cap - len,
                             "{\"id\": %d, \"u\": {\"c\": \"%s\"}, "
                             "\"x\": %d.5%s}\n",
                             i % 1000 == 999 ? i - 1 : i, i % 3 ? "fr" : "de",
                             i % 101, i == 30000 ? ", \"z\": 1" : "");
    th_write_bytes(dir, "a.jsonl", s, len);
    free(s);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: a.jsonl }\nchecks:\n"
             "  - { id: n, source: s, rows: { max: 1 } }\n"
             "  - { id: k, source: s, unique: { columns: id } }\n"
             "  - { id: c, source: s, values: { column: u.c, in: [fr] } }\n"
             "  - { id: x, source: s, range: { column: x, max: 99 } }\n");
    gate_split_like_one(&one, &two, dir, 1000, "", 1);
    cr_assert(th_has(one.out, "40 duplicate rows"), "%s", one.out);
    cr_assert(th_has(one.out, "13334 of 40000 values of 'u.c'"), "%s", one.out);
    cr_assert(th_has(one.out, "'z' on line 30001 of a.jsonl"), "%s", one.out);
    th_run_free(&one);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

Test(data, two_threads_on_partitions)
{
    char *dir = th_tmpdir();
    struct th_run one, two;
    char name[64];

    for (int p = 0; p < 4; p++) {
        snprintf(name, sizeof(name), "parts/p%d.csv", p);
        big_csv(dir, name, 10000, p == 2);
    }
    th_sh(&one, dir, "gzip parts/p3.csv");
    th_run_free(&one);
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: parts }\nchecks:\n"
             "  - { id: n, source: s, rows: { max: 1 } }\n"
             "  - { id: k, source: s, unique: { columns: id } }\n"
             "  - { id: x, source: s, range: { column: x, max: 900 } }\n"
             "  - { id: m, source: s, missing: { columns: all, max: 0 } }\n");
    gate_split_like_one(&one, &two, dir, 1000, "", 1);
    cr_assert(th_has(one.out, "40000 rows"), "%s", one.out);
    /* Each file repeats ids 0..9999 with its own duplicates. */
    cr_assert(th_has(one.out, "30010 duplicate rows"), "%s", one.out);
    th_run_free(&one);
    th_run_free(&two);
    /* A partition with other columns is an error, however it is read. */
    th_write(dir, "parts/p9.csv", "id,other\n1,2\n");
    th_sh(&two, dir, "RSO_SPLIT_MIN=1000 '%s' gate", th_bin());
    cr_assert_eq(two.status, 3, "%s", two.out);
    cr_assert(th_has(two.out, "parts/p9.csv:1: the header differs"), "%s",
              two.out);
    th_run_free(&two);
    th_rmrf(dir);
    free(dir);
}

Test(data, more_kind_edges)
{
    char *dir = project(
        "  - { id: future, source: plays, freshness: { max_age: 2d, "
        "max_future: 1m } }\n"
        "  - { id: times, source: plays, range: { column: ts, "
        "max: 2026-11-30T12:00:00Z } }\n"
        "  - { id: share, source: plays, values: { column: device, "
        "in: [tv, web, mobile], max: 25% } }\n"
        "  - { id: sch, source: plays, schema: { columns: { item: string, "
        "user: string, ts: timestamp, device: string, score: float, "
        "duration: int, extra: { type: int, required: false } }, "
        "ordered: true } }\n"
        "  - { id: sch2, source: plays, schema: { columns: { user: string, "
        "region: string }, extra: true } }\n"
        "  - { id: psi, source: ref, drift: { column: score, reference: "
        "plays, statistic: psi, max: 0.1 } }\n");
    struct th_run r;

    th_rso(&r, dir, "gate --now 2026-11-30T22:00:00Z -v");
    cr_assert_eq(r.status, 1, "%s", r.out);
    cr_assert(th_has(r.out, "the newest 'ts' is 2026-11-30T23:00:00Z, 1h 0m "
                            "in the future (now 2026-11-30T22:00:00Z); the "
                            "tolerance is 1m"),
              "%s", r.out);
    cr_assert(th_has(r.out, "1 of 5 values of 'ts' outside [-inf, "
                            "2026-11-30T12:00:00Z]"),
              "%s", r.out);
    cr_assert(th_has(r.out, "data/plays.csv:6: ts = 2026-11-30T23:00:00Z"),
              "%s", r.out);
    cr_assert(th_has(r.out, "pass  data/share: 1 of 5 values of 'device' "
                            "unexpected (20.000%), within the maximum "
                            "25.000%"),
              "%s", r.out);
    cr_assert(th_has(r.out, "column 'user' is at position 1, before an "
                            "earlier expected column"),
              "%s", r.out);
    cr_assert(th_has(r.out, "data/plays.csv:6: score = 'inf' is not a "
                            "float") ||
                  !th_has(r.out, "'score' is not of type"),
              "%s", r.out);
    cr_assert(th_has(r.out, "BLOCK data/sch2: 1 schema problem (the maximum "
                            "is 0): column 'region' is missing"),
              "%s", r.out);
    cr_assert(th_has(r.out, "psi of 'score' against 'plays' is"), "%s", r.out);
    cr_assert(th_has(r.out, "BLOCK data/psi"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, config_errors_in_data_kinds_exit_2)
{
    struct th_run r;
    char *dir;

    dir = project("  - { id: d, source: plays, drift: { column: score, "
                  "reference: nowhere, max: 0.1 } }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "recsysops.yml:6:"), "%s", r.err);
    cr_assert(th_has(r.err, "unknown reference source 'nowhere'"), "%s", r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
    dir = project("  - { id: v, source: plays, values: { column: device, "
                  "pattern: '[a-' } }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "bad regular expression in check 'v'"), "%s",
              r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
    dir = project("  - { id: s, source: plays, schema: { columns: { a: "
                  "decimal } } }\n");
    th_rso(&r, dir, "validate");
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(th_has(r.err, "unknown type 'decimal' for column 'a'"), "%s",
              r.err);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, init_profile_of_a_glob_and_odd_names)
{
    char *dir = th_tmpdir();
    struct th_run r;
    char *yml;

    th_write(dir, "d/2026-11-01.csv",
             "\"user id\",\"yes\",n\nu1,a,1\n"
             "u2,b,2\n");
    th_write(dir, "d/2026-11-02.csv", "\"user id\",\"yes\",n\nu3,a,3\n");
    th_rso(&r, dir, "init --profile 'd/*.csv'");
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_run_free(&r);
    yml = th_read(dir, "recsysops.yml");
    cr_assert(th_has(yml, "source1: { path: \"d/*.csv\" }"), "%s", yml);
    cr_assert(th_has(yml, "\"user id\": string"), "%s", yml);
    cr_assert(th_has(yml, "\"yes\": string"), "%s", yml);
    free(yml);
    th_rso(&r, dir, "gate");
    cr_assert_eq(r.status, 0, "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, jsonl_names_beyond_the_first_record_are_reported)
{
    char *dir = th_tmpdir();
    struct th_run r;

    th_write(dir, "x.jsonl",
             "{\"a\": 1}\n{\"a\": 2, \"b\": 3}\n"
             "{\"a\": 3, \"c\": {\"d\": 1}}\n");
    th_write(dir, "recsysops.yml",
             "version: 1\nsources:\n  s: { path: x.jsonl }\nchecks:\n"
             "  - { id: r, source: s, rows: { max: 1 } }\n"
             "  - { id: sc, source: s, schema: { columns: { a: int } } }\n"
             "  - { id: ok, source: s, schema: { columns: { a: int }, "
             "extra: true } }\n");
    th_rso(&r, dir, "gate -v");
    cr_assert_eq(r.status, 1, "%s", r.out);
    cr_assert(th_has(r.out, "2 records hold names the first record has not, "
                            "which are not read; the first: 'b' on line 2 "
                            "of x.jsonl"),
              "%s", r.out);
    cr_assert(th_has(r.out, "BLOCK data/sc: 1 schema problem (the maximum "
                            "is 0): 2 records hold names not expected"),
              "%s", r.out);
    cr_assert(th_has(r.out, "pass  data/ok"), "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}

Test(data, header_only_source_is_an_error)
{
    char *dir = project("  - { id: vol, source: plays, rows: { min: 0 } }"
                        "\n");
    struct th_run r;

    th_write(dir, "data/plays.csv", "a,b\n");
    gate(&r, dir);
    cr_assert_eq(r.status, 3, "%s", r.out);
    cr_assert(th_has(r.out, "data/plays.csv:1: no data row after the "
                            "header"),
              "%s", r.out);
    th_run_free(&r);
    th_rmrf(dir);
    free(dir);
}
