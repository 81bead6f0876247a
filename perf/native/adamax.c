#include <math.h>

#include "peer.h"
#include "split.h"

struct adamax_args {
    float *p;
    const float *g;
    float *m, *u;
    float beta1, one_minus_beta1, beta2, eps, step_size;
};

static void adamax_range(const void *raw, size_t from, size_t to)
{
    const struct adamax_args *a = raw;
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict m = a->m;
    float *restrict u = a->u;
    const float beta1 = a->beta1, one_minus_beta1 = a->one_minus_beta1, beta2 = a->beta2, eps = a->eps, step_size = a->step_size;
    for (size_t i = from; i < to; i++) {
        float gi = g[i];
        float mi = beta1 * m[i] + one_minus_beta1 * gi;
        m[i] = mi;
        float decayed = beta2 * u[i];
        float bound = fabsf(gi) + eps;
        /* MathF.Max: a NaN in either wins; both are >= +0 otherwise (eps > 0), so signed zeros never meet. */
        float ui = (decayed < bound || bound != bound) ? bound : decayed;
        u[i] = ui;
        p[i] = p[i] - (step_size * mi) / ui;
    }
}

void peer_adamax(float *p, const float *g, float *m, float *u, size_t n,
                 float beta1, float one_minus_beta1, float beta2, float eps, float step_size, int threads)
{
    struct adamax_args a = { p, g, m, u, beta1, one_minus_beta1, beta2, eps, step_size };
    peer_split(adamax_range, &a, n, threads);
}
