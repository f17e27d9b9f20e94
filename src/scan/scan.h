/*
 * scan.h: read each source once for all the checks that need it.
 *
 * The plan step asks, per check, for columns (scan_column) and for rows
 * (scan_visit).  scan_run() then streams every source that was asked for,
 * once, feeding every column's accumulator and every visitor.  A check
 * reads what it asked for in its evaluate step.
 *
 * A large plain file, or a set of partition files, is read by two
 * threads, each with its own accumulators and visitor states (forked
 * from the plan's), folded into the plan's at the end; a visitor
 * registered without fork and join keeps its source on one thread.
 * Column line numbers (min_row, max_row, first_nonnum_row) are file
 * lines.
 *
 * The plan owns every scan_source, scan_col and visitor registration;
 * scan_plan_free() releases them and calls each visitor's free function.
 */
#ifndef RSO_SCAN_H
#define RSO_SCAN_H

#include "config/config.h"
#include "scan/reader.h"
#include "stats/colstats.h"
#include "stats/freq.h"
#include "stats/hll.h"
#include "stats/kll.h"

/* What a column accumulates beyond colstats (scan_want). */
enum {
    SCAN_QUANTILES = 1, /* a KLL sketch of the numeric values */
    SCAN_DISTINCT = 2,  /* a distinct count of the present values */
    SCAN_VALUES = 4,    /* counts of the present values (freq) */
    SCAN_TIME = 8,      /* values are timestamps: st holds epoch seconds */
    SCAN_INFER = 16,    /* which types every present value parses as */
    SCAN_NUMBERS = 32   /* numeric values feed st (min, max, mean...) */
};

/*
 * A column's values are parsed as numbers only when something asked for
 * them (SCAN_NUMBERS, SCAN_QUANTILES or SCAN_TIME): a column that only
 * counts nulls or values is not parsed, and its st holds rows and nulls
 * alone.
 */
#define SCAN_PARSED (SCAN_NUMBERS | SCAN_QUANTILES | SCAN_TIME)

/* Type inference: a type stays possible until a value refutes it. */
struct scan_infer {
    int maybe_int, maybe_float, maybe_bool, maybe_time;
    long long present;
    double tmin, tmax; /* timestamps seen, while maybe_time */
    /* The first value refuting each type (by enum rso_type), and its line. */
    long long bad_line[RSO_TYPE_TIMESTAMP + 1];
    char bad_value[RSO_TYPE_TIMESTAMP + 1][48];
};

/* Whether every present value of the column parsed as type t. */
int scan_infer_fits(const struct scan_infer *in, enum rso_type t);

/*
 * Threads sharing a source read each other's column entries (a visitor
 * holds the plan's), so what they only read comes first and what the
 * owning thread writes for every record starts a cache line pair of its
 * own (SCAN_LINE): sharing a line would bounce it between the cores.
 * Entries are allocated with that alignment.
 */
#define SCAN_LINE 128

struct scan_col {
    char *name;
    int index;            /* in the header; -1 when the source lacks it */
    unsigned want;        /* SCAN_* */
    int nulls_only;       /* added by scan_all_columns alone: count nulls */
    size_t slot;          /* its place in the source's cols */
    struct kll *quant;    /* with SCAN_QUANTILES */
    struct hll *distinct; /* with SCAN_DISTINCT */
    struct freq *values;  /* with SCAN_VALUES */
    size_t *watches;      /* visitors watching its values (scan_watch) */
    size_t n_watches, cap_watches;
    size_t *readers; /* visitors reading its cells (scan_read_cells) */
    size_t n_readers, cap_readers;
    _Alignas(SCAN_LINE) struct colstats st;
    struct scan_infer infer; /* with SCAN_INFER */
    char *error;             /* a value that could not be read (overflow) */
    /*
     * The values of the batch of records being read, as the scan read
     * them: per record a code (0 with the number in batch_v, SCAN_NULL,
     * present but not parsed, VALUE_BAD or VALUE_OVERFLOW).  batch_seq
     * numbers the batch's first record (see scan_cached).
     */
    unsigned long long batch_seq;
    size_t batch_n;
    signed char *batch_rc;
    double *batch_v;
    /*
     * The batch's batch_nfin finite numbers in order (gathered as they
     * are read when batch_gathered, else by col_numbers()), and whether
     * it holds a value that is not a finite number: without one, a
     * watch whose bounds hold all of the batch's numbers has nothing
     * to see.
     */
    double *batch_fin;
    size_t batch_nfin;
    int batch_gathered;
    int batch_odd;
};

enum { SCAN_NULL = 1, SCAN_NOT_CACHED = 2 };

/*
 * The value of column c in rec as the scan read it for c's accumulator
 * (a number, or epoch seconds with SCAN_TIME): 0 with *out set,
 * SCAN_NULL, VALUE_BAD or VALUE_OVERFLOW; SCAN_NOT_CACHED when the
 * visitor must read the field itself.  Saves visitors parsing a field
 * twice, on whichever thread they run.
 */
int scan_cached(const struct rso_record *rec, const struct scan_col *c,
                double *out);

/*
 * Whether column c's field in rec is null, as the scan found it: 1 or 0,
 * or -1 when the visitor must test it (value_is_null) itself.
 */
int scan_null(const struct rso_record *rec, const struct scan_col *c);

/*
 * A visitor sees every record.  It returns 0, or a negative code after
 * recording a message, which stops that visitor (the error is reported
 * by its check) but not the scan.
 */
typedef int (*scan_visit_fn)(void *state, const struct rso_record *rec);

/*
 * A watch on a column the scan parses: called for each present value
 * that is outside [lo, hi], not finite, or not a number (rc is then
 * VALUE_BAD or VALUE_OVERFLOW, else 0 with v the value).  Where a visitor
 * costs a call on every record, a watch costs a comparison.
 */
typedef void (*scan_watch_fn)(void *state, const struct rso_record *rec, int rc,
                              double v);

/*
 * A column's fields in a run of records: field[i] (len[i] bytes) is the
 * column's in record i, which starts on line line + i of file.  code[i]
 * is what the scan found: SCAN_NULL, or for a column it parses 0 with
 * the number (epoch seconds with SCAN_TIME) in value[i], VALUE_BAD or
 * VALUE_OVERFLOW; another code for a present field it did not parse.
 */
struct scan_cells {
    size_t n;
    const char *const *field;
    const size_t *len;
    const signed char *code;
    const double *value;
    long long line;
    const char *file;
};

/*
 * A reader of a column's cells, a run of records at a time, for a check
 * that looks at one column alone: where a visitor costs a call and a
 * gathered record on every record, a reader costs a call a run.  It
 * returns as a visitor does.
 */
typedef int (*scan_cells_fn)(void *state, const struct scan_cells *cells);

/*
 * How a visitor runs on several threads.  fork returns a new empty state
 * like state (for another thread).  join folds other (which saw later
 * rows) into state and frees other; the line numbers other holds are
 * shift short of the true ones (a thread starting in the middle of a
 * file knows where it is only once the thread before it is done), and
 * join adds shift to each.  drop frees a forked state whose work is
 * thrown away (the other thread reads those rows again).
 */
struct scan_par {
    void *(*fork)(void *state);
    void (*join)(void *state, void *other, long long shift);
    void (*drop)(void *other);
};

struct scan_visitor {
    scan_visit_fn fn; /* NULL for a watch or a reader of cells */
    scan_watch_fn watch;
    scan_cells_fn cells;
    double lo, hi;
    void *state;
    void (*free_state)(void *state);
    int failed;          /* the visitor's code once it stopped */
    char *error;         /* its message */
    struct scan_par par; /* all NULL: its source is read by one thread */
};

struct scan_plan;

struct scan_source {
    struct scan_plan *plan; /* the plan holding this source */
    const struct rso_source *src;
    struct scan_col **cols;
    size_t n_cols, cap_cols;
    struct scan_visitor *visitors;
    size_t n_visitors, cap_visitors;
    const char *const *header; /* valid after scan_run, while open */
    size_t n_header;
    char **header_copy;   /* the column names, kept after the scan */
    long long rows;       /* data records read */
    long long bad_rows;   /* skipped with on_bad_row: skip */
    long long extra_rows; /* JSON Lines records with unread names */
    char *extra_first;    /* the first unread name and where, or NULL */
    int status;           /* 0, or the negative code of a failed scan */
    int all_columns;      /* accumulate every column of the header */
    unsigned all_want;    /* and with these SCAN_* flags */
    int threads;          /* threads that read it */
    char *error;          /* the message when status < 0 */
    double seconds;
};

struct scan_plan {
    struct scan_source **sources;
    size_t len, cap;
};

void scan_plan_init(struct scan_plan *p);
void scan_plan_free(struct scan_plan *p);

/* The plan's entry for src, added on first use. */
struct scan_source *scan_source(struct scan_plan *p,
                                const struct rso_source *src);

/* The accumulator for column name of s, shared by all who ask for it. */
struct scan_col *scan_column(struct scan_source *s, const char *name);

/* Register a visitor; free_state (may be NULL) is called by the plan. */
struct scan_visitor *scan_visit(struct scan_source *s, scan_visit_fn fn,
                                void *state, void (*free_state)(void *));

/* Ask for more than colstats on c (SCAN_* flags, or-ed). */
void scan_want(struct scan_col *c, unsigned flags);

/* Accumulate every column of s's header (known only when reading). */
void scan_all_columns(struct scan_source *s, unsigned flags);

/* A visitor that can run on several threads (see scan_par). */
struct scan_visitor *scan_visit_par(struct scan_source *s, scan_visit_fn fn,
                                    void *state, void (*free_state)(void *),
                                    const struct scan_par *par);

/*
 * Watch column c of s (which it asks to be parsed as numbers, or as
 * timestamps with SCAN_TIME): fn runs for values outside [lo, hi] (see
 * scan_watch_fn).  State, free_state and par are as for scan_visit_par.
 */
struct scan_visitor *scan_watch(struct scan_source *s, struct scan_col *c,
                                unsigned parse, double lo, double hi,
                                scan_watch_fn fn, void *state,
                                void (*free_state)(void *),
                                const struct scan_par *par);

/*
 * Read the cells of column c of s with fn (see scan_cells_fn).  State,
 * free_state and par are as for scan_visit_par.
 */
struct scan_visitor *scan_read_cells(struct scan_source *s, struct scan_col *c,
                                     scan_cells_fn fn, void *state,
                                     void (*free_state)(void *),
                                     const struct scan_par *par);

/* Whether the scanned source has a column called name. */
int scan_has_column(const struct scan_source *s, const char *name);

/*
 * Read every source of the plan.  A source that cannot be read keeps its
 * status and message; the others are read regardless.  Returns the
 * number of sources that failed.
 */
int scan_run(struct scan_plan *p);

#endif
