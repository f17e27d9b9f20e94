#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "scan/input.h"
#include "util/err.h"
#include "util/mem.h"

#define RAW_CHUNK (1 << 18)
#define PIPE_BUFS 4
#define PIPE_SIZE (1 << 20)

/*
 * Decompression on a second thread: it fills buffers of PIPE_SIZE bytes
 * in turn (a ring of PIPE_BUFS), the reader's thread empties them.
 */
struct pipe {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *data[PIPE_BUFS];
    size_t len[PIPE_BUFS];
    size_t head, tail; /* buffers filled: tail .. head - 1 */
    size_t pos;        /* read offset in the tail buffer */
    int done;          /* the producer finished (end or error) */
    int stop;          /* the consumer is closing */
    int code;          /* the producer's error code */
    char msg[512];
};

struct rso_input {
    char *path;
    FILE *f;
    enum input_codec codec;
    unsigned char *raw; /* compressed bytes not yet consumed */
    size_t raw_pos, raw_len;
    int raw_eof;
    z_stream z;
    int z_live, z_done;
    ZSTD_DCtx *zd;
    size_t zstd_pending; /* ZSTD_decompressStream's hint: 0 at a frame end */
    struct pipe *pipe;   /* NULL: decompress on the caller's thread */
};

static int read_codec(struct rso_input *in, char *buf, size_t cap, size_t *got);
static void pipe_start(struct rso_input *in);

static int raw_fill(struct rso_input *in)
{
    if (in->raw_pos < in->raw_len || in->raw_eof)
        return 0;
    in->raw_pos = 0;
    in->raw_len = fread(in->raw, 1, RAW_CHUNK, in->f);
    if (in->raw_len == 0) {
        if (ferror(in->f))
            return rso_fail(RSO_EDATA, "%s: read error: %s", in->path,
                            strerror(errno));
        in->raw_eof = 1;
    }
    return 0;
}

int input_open(struct rso_input **out, const char *path)
{
    struct rso_input *in;
    struct stat st;
    int rc;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return rso_fail(RSO_EDATA, "'%s' is a directory", path);
    in = xcalloc(1, sizeof(*in));
    in->path = xstrdup(path);
    if (!(in->f = fopen(path, "rb"))) {
        rc = rso_fail(RSO_EDATA, "cannot open '%s': %s", path, strerror(errno));
        input_close(in);
        return rc;
    }
    in->raw = xmalloc(RAW_CHUNK);
    if ((rc = raw_fill(in)) < 0) {
        input_close(in);
        return rc;
    }
    if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
        in->codec = INPUT_GZIP;
        /* 15 + 32: a gzip or zlib header, detected. */
        if (inflateInit2(&in->z, 15 + 32) != Z_OK) {
            input_close(in);
            return rso_fail(RSO_EDATA, "%s: cannot start gzip", path);
        }
        in->z_live = 1;
    } else if (in->raw_len >= 4 && in->raw[0] == 0x28 && in->raw[1] == 0xb5 &&
               in->raw[2] == 0x2f && in->raw[3] == 0xfd) {
        in->codec = INPUT_ZSTD;
        in->zd = ZSTD_createDCtx();
    }
    if (in->codec != INPUT_PLAIN)
        pipe_start(in);
    *out = in;
    return 0;
}

enum input_codec input_codec(const struct rso_input *in)
{
    return in->codec;
}

static int read_plain(struct rso_input *in, char *buf, size_t cap, size_t *got)
{
    size_t n = 0;

    /* The bytes read to detect the codec come first. */
    if (in->raw_pos < in->raw_len) {
        n = in->raw_len - in->raw_pos;
        if (n > cap)
            n = cap;
        memcpy(buf, in->raw + in->raw_pos, n);
        in->raw_pos += n;
    }
    if (n < cap && !in->raw_eof) {
        size_t m = fread(buf + n, 1, cap - n, in->f);

        if (m == 0 && ferror(in->f))
            return rso_fail(RSO_EDATA, "%s: read error: %s", in->path,
                            strerror(errno));
        n += m;
    }
    *got = n;
    return 0;
}

static int read_gzip(struct rso_input *in, char *buf, size_t cap, size_t *got)
{
    int rc;

    in->z.next_out = (unsigned char *)buf;
    in->z.avail_out = (unsigned)cap;
    while (in->z.avail_out == cap) {
        if ((rc = raw_fill(in)) < 0)
            return rc;
        if (in->z_done) {
            /* Another gzip member may follow (as `cat a.gz b.gz`). */
            if (in->raw_pos == in->raw_len)
                break;
            inflateReset(&in->z);
            in->z_done = 0;
        }
        if (in->raw_pos == in->raw_len)
            return rso_fail(RSO_EDATA,
                            "%s: the gzip stream is truncated (it ends "
                            "before its end marker)",
                            in->path);
        in->z.next_in = in->raw + in->raw_pos;
        in->z.avail_in = (unsigned)(in->raw_len - in->raw_pos);
        rc = inflate(&in->z, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->z.avail_in;
        if (rc == Z_STREAM_END)
            in->z_done = 1;
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            return rso_fail(RSO_EDATA, "%s: corrupt gzip stream: %s", in->path,
                            in->z.msg ? in->z.msg : "bad data");
    }
    *got = cap - in->z.avail_out;
    return 0;
}

static int read_zstd(struct rso_input *in, char *buf, size_t cap, size_t *got)
{
    ZSTD_outBuffer ob = {buf, cap, 0};
    int rc;

    while (ob.pos == 0) {
        ZSTD_inBuffer ib;
        size_t r;

        if ((rc = raw_fill(in)) < 0)
            return rc;
        if (in->raw_pos == in->raw_len) {
            if (in->zstd_pending)
                return rso_fail(RSO_EDATA,
                                "%s: the zstd stream is truncated (it ends "
                                "inside a frame)",
                                in->path);
            break;
        }
        ib.src = in->raw + in->raw_pos;
        ib.size = in->raw_len - in->raw_pos;
        ib.pos = 0;
        r = ZSTD_decompressStream(in->zd, &ob, &ib);
        in->raw_pos += ib.pos;
        if (ZSTD_isError(r))
            return rso_fail(RSO_EDATA, "%s: corrupt zstd stream: %s", in->path,
                            ZSTD_getErrorName(r));
        in->zstd_pending = r;
    }
    *got = ob.pos;
    return 0;
}

static void *pipe_main(void *arg)
{
    struct rso_input *in = arg;
    struct pipe *p = in->pipe;

    for (;;) {
        size_t slot, got = 0;
        int rc, stop;

        pthread_mutex_lock(&p->mu);
        while (p->head - p->tail == PIPE_BUFS && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        slot = p->head % PIPE_BUFS;
        stop = p->stop;
        pthread_mutex_unlock(&p->mu);
        if (stop)
            return NULL;
        rc = read_codec(in, p->data[slot], PIPE_SIZE, &got);
        pthread_mutex_lock(&p->mu);
        if (rc < 0) {
            p->code = rc;
            snprintf(p->msg, sizeof(p->msg), "%s", rso_errmsg());
        }
        if (rc < 0 || got == 0) {
            p->done = 1;
        } else {
            p->len[slot] = got;
            p->head++;
        }
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (rc < 0 || got == 0)
            return NULL;
    }
}

/* Start the decompressing thread, when a second core may take it. */
static void pipe_start(struct rso_input *in)
{
    const char *env = getenv("RSO_THREADS");
    struct pipe *p;

    if ((env && atoi(env) == 1) || sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return;
    p = xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int i = 0; i < PIPE_BUFS; i++)
        p->data[i] = xmalloc(PIPE_SIZE);
    in->pipe = p;
    if (pthread_create(&p->thread, NULL, pipe_main, in) != 0) {
        for (int i = 0; i < PIPE_BUFS; i++)
            free(p->data[i]);
        free(p);
        in->pipe = NULL;
    }
}

static int pipe_read(struct pipe *p, char *buf, size_t cap, size_t *got)
{
    size_t slot, n;

    pthread_mutex_lock(&p->mu);
    while (p->head == p->tail && !p->done)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->head == p->tail) {
        int code = p->code;

        pthread_mutex_unlock(&p->mu);
        return code < 0 ? rso_fail(code, "%s", p->msg) : 0;
    }
    slot = p->tail % PIPE_BUFS;
    pthread_mutex_unlock(&p->mu);
    n = p->len[slot] - p->pos;
    if (n > cap)
        n = cap;
    memcpy(buf, p->data[slot] + p->pos, n);
    p->pos += n;
    *got = n;
    if (p->pos == p->len[slot]) {
        pthread_mutex_lock(&p->mu);
        p->pos = 0;
        p->tail++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return 0;
}

static void pipe_stop(struct pipe *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    for (int i = 0; i < PIPE_BUFS; i++)
        free(p->data[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}

int input_read(struct rso_input *in, char *buf, size_t cap, size_t *got)
{
    *got = 0;
    if (in->pipe)
        return pipe_read(in->pipe, buf, cap, got);
    return read_codec(in, buf, cap, got);
}

static int read_codec(struct rso_input *in, char *buf, size_t cap, size_t *got)
{
    *got = 0;
    switch (in->codec) {
    case INPUT_GZIP:
        return read_gzip(in, buf, cap, got);
    case INPUT_ZSTD:
        return read_zstd(in, buf, cap, got);
    default:
        return read_plain(in, buf, cap, got);
    }
}

int input_seek(struct rso_input *in, long long offset)
{
    if (in->codec != INPUT_PLAIN || fseeko(in->f, (off_t)offset, SEEK_SET) != 0)
        return -1;
    /* The bytes read to detect the codec are now behind. */
    in->raw_pos = in->raw_len = 0;
    in->raw_eof = 0;
    return 0;
}

void input_close(struct rso_input *in)
{
    if (!in)
        return;
    pipe_stop(in->pipe);
    if (in->f)
        fclose(in->f);
    if (in->z_live)
        inflateEnd(&in->z);
    ZSTD_freeDCtx(in->zd);
    free(in->raw);
    free(in->path);
    free(in);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int dir_files(const char *path, char ***out, size_t *n)
{
    DIR *d = opendir(path);
    struct dirent *e;
    size_t cap = 0;

    if (!d)
        return rso_fail(RSO_EDATA, "cannot open '%s': %s", path,
                        strerror(errno));
    *out = NULL;
    *n = 0;
    while ((e = readdir(d))) {
        char *full;
        struct stat st;
        size_t len;

        if (e->d_name[0] == '.')
            continue;
        len = strlen(path) + strlen(e->d_name) + 2;
        full = xmalloc(len);
        snprintf(full, len, "%s/%s", path, e->d_name);
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(full);
            continue;
        }
        RSO_GROW(*out, cap, *n + 1);
        (*out)[(*n)++] = full;
    }
    closedir(d);
    if (*n == 0)
        return rso_fail(RSO_EDATA, "the folder '%s' holds no data file", path);
    qsort(*out, *n, sizeof(char *), cmp_str);
    return 0;
}

int input_files(const char *path, char ***out, size_t *n)
{
    struct stat st;
    glob_t g;

    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return dir_files(path, out, n);
        *out = xcalloc(1, sizeof(char *));
        (*out)[0] = xstrdup(path);
        *n = 1;
        return 0;
    }
    if (!strpbrk(path, "*?["))
        return rso_fail(RSO_EDATA, "cannot open '%s': %s", path,
                        strerror(errno));
    if (glob(path, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
        globfree(&g);
        return rso_fail(RSO_EDATA, "no file matches '%s'", path);
    }
    *out = xcalloc(g.gl_pathc, sizeof(char *));
    *n = 0;
    for (size_t i = 0; i < g.gl_pathc; i++)
        if (stat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode))
            (*out)[(*n)++] = xstrdup(g.gl_pathv[i]);
    globfree(&g);
    if (*n == 0) {
        free(*out);
        return rso_fail(RSO_EDATA, "no file matches '%s'", path);
    }
    qsort(*out, *n, sizeof(char *), cmp_str);
    return 0;
}

void input_files_free(char **files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
}
