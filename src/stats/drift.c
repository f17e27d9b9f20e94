#include <math.h>

#include "stats/drift.h"

void drift_decile_shares(const struct kll_view *ref, const struct kll_view *cur,
                         double p[10], double q[10])
{
    double fp = 0, fq = 0;

    for (int i = 0; i < 10; i++) {
        double np = 1, nq = 1;

        if (i < 9) {
            double edge = kll_view_quantile(ref, (i + 1) / 10.0);

            np = kll_view_cdf(ref, edge);
            nq = kll_view_cdf(cur, edge);
        }
        p[i] = np - fp;
        q[i] = nq - fq;
        fp = np;
        fq = nq;
    }
}

double drift_psi(const struct kll_view *ref, const struct kll_view *cur,
                 double eps)
{
    double e[10], a[10], psi = 0;

    if (!ref->n || !cur->n)
        return NAN;
    drift_decile_shares(ref, cur, e, a);
    for (int i = 0; i < 10; i++) {
        double ei = e[i] < eps ? eps : e[i], ai = a[i] < eps ? eps : a[i];

        if (e[i] < eps && a[i] < eps)
            continue; /* a bin empty on both sides (tied deciles) */
        psi += (ai - ei) * log(ai / ei);
    }
    return psi;
}

double drift_ks(const struct kll_view *ref, const struct kll_view *cur)
{
    size_t i = 0, j = 0;
    double d = 0;

    if (!ref->n || !cur->n)
        return NAN;
    /* Walk both sorted views; F steps at every value of either. */
    while (i < ref->n || j < cur->n) {
        double x, fr, fc;

        if (j == cur->n || (i < ref->n && ref->v[i] <= cur->v[j]))
            x = ref->v[i];
        else
            x = cur->v[j];
        while (i < ref->n && ref->v[i] <= x)
            i++;
        while (j < cur->n && cur->v[j] <= x)
            j++;
        fr = i ? ref->cum[i - 1] / ref->total : 0;
        fc = j ? cur->cum[j - 1] / cur->total : 0;
        if (fabs(fr - fc) > d)
            d = fabs(fr - fc);
    }
    return d;
}

static double total(const double *p, size_t n)
{
    double t = 0;

    for (size_t i = 0; i < n; i++)
        t += p[i];
    return t;
}

double drift_js(const double *p, const double *q, size_t n)
{
    double tp = total(p, n), tq = total(q, n), js = 0;

    if (!(tp > 0) || !(tq > 0))
        return NAN;
    for (size_t i = 0; i < n; i++) {
        double a = p[i] / tp, b = q[i] / tq, m = (a + b) / 2;

        if (a > 0)
            js += 0.5 * a * log2(a / m);
        if (b > 0)
            js += 0.5 * b * log2(b / m);
    }
    return js < 0 ? 0 : js;
}

double drift_linf(const double *p, const double *q, size_t n)
{
    double tp = total(p, n), tq = total(q, n), d = 0;

    if (!(tp > 0) || !(tq > 0))
        return NAN;
    for (size_t i = 0; i < n; i++)
        if (fabs(p[i] / tp - q[i] / tq) > d)
            d = fabs(p[i] / tp - q[i] / tq);
    return d;
}
