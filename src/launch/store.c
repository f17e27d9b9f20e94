/*
 * store.c: saving and reusing the launch model.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launch/forecast.h"
#include "launch/store.h"
#include "report/atomic.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"

static char *join(const char *dir, const char *name)
{
    struct rso_buf b = RSO_BUF_INIT;

    rso_buf_printf(&b, "%s/%s", dir, name);
    return rso_buf_detach(&b);
}

static int read_all(const char *path, char **out, size_t *len)
{
    struct rso_buf b = RSO_BUF_INIT;
    int rc = rso_buf_read_file(&b, path);

    if (rc < 0) {
        rso_buf_release(&b);
        return rc == RSO_BUF_EOPEN
                   ? rso_fail(RSO_EDATA, "no saved model at '%s'", path)
                   : rso_fail(RSO_EDATA, "cannot read '%s': %s", path,
                              strerror(errno));
    }
    *len = b.len;
    *out = b.ptr ? rso_buf_detach(&b) : xstrdup("");
    return 0;
}

/* The residuals of meta, or RSO_EDATA. */
static int load_resid(json_t *meta, double **out, size_t *n)
{
    json_t *arr = json_object_get(meta, "residuals");

    if (!json_is_array(arr))
        return rso_fail(RSO_EDATA, "the saved model has no residuals");
    *n = json_array_size(arr);
    *out = xcalloc(*n + 1, sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = json_number_value(json_array_get(arr, i));
    return 0;
}

/*
 * The saved feature map, when meta's fingerprint is f's (the same
 * history bytes, settings and feature names give the same map).
 */
static int check_meta(struct fmap *out, const struct launch_forecast *f,
                      json_t *meta)
{
    const char *fp = json_string_value(json_object_get(meta, "fingerprint"));
    int rc;

    if (!fp || strcmp(fp, f->fingerprint))
        return rso_fail(RSO_EDATA, "the saved model was trained on other "
                                   "data or settings");
    if ((rc = fmap_from_json(out, json_object_get(meta, "feature_map"))))
        return rc;
    if (out->log1p != f->log1p)
        return rso_fail(RSO_EDATA, "the saved feature map differs");
    return 0;
}

int store_load(struct launch_forecast *f)
{
    char *mpath = join(f->spec->model_dir, "meta.json");
    char *bpath = join(f->spec->model_dir, "model.ubj");
    char *data = NULL;
    size_t len = 0, n = 0;
    double *resid = NULL;
    json_t *meta = json_load_file(mpath, 0, NULL);
    struct launch_model *m = NULL;
    struct fmap map = {0};
    int rc;

    if (!meta) {
        rc = rso_fail(RSO_EDATA, "no readable saved model at '%s'", mpath);
        goto done;
    }
    if ((rc = check_meta(&map, f, meta)) ||
        (rc = load_resid(meta, &resid, &n)) ||
        (rc = read_all(bpath, &data, &len)) ||
        (rc = model_load(&m, data, len, f->spec->threads)))
        goto done;
    f->model = m;
    f->map = map;
    memset(&map, 0, sizeof(map));
    f->resid = resid;
    f->n_resid = n;
    f->n_train = (size_t)json_integer_value(json_object_get(meta, "rows"));
    m = NULL;
    resid = NULL;
done:
    json_decref(meta);
    model_free(m);
    fmap_free(&map);
    free(resid);
    free(data);
    free(mpath);
    free(bpath);
    return rc;
}

static json_t *meta_json(const struct launch_forecast *f)
{
    json_t *resid = json_array();

    for (size_t i = 0; i < f->n_resid; i++)
        json_array_append_new(resid, json_real(f->resid[i]));
    return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o}", "fingerprint",
                     f->fingerprint, "target", f->spec->target, "model",
                     "model.ubj", "rows", (json_int_t)f->n_train, "feature_map",
                     fmap_to_json(&f->map), "residuals", resid);
}

int store_save(const struct launch_forecast *f)
{
    char *mpath = join(f->spec->model_dir, "meta.json");
    char *bpath = join(f->spec->model_dir, "model.ubj");
    json_t *meta = meta_json(f);
    char *text = json_dumps(meta, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    char *data = NULL;
    size_t len = 0;
    int rc;

    if ((rc = atomic_mkdirs(f->spec->model_dir)) ||
        (rc = model_save(f->model, &data, &len)) ||
        (rc = atomic_write(bpath, data, len)) ||
        (rc = atomic_write(mpath, text, strlen(text))))
        goto done;
done:
    json_decref(meta);
    free(text);
    free(data);
    free(mpath);
    free(bpath);
    return rc;
}
