#include <math.h>

#include "moments.h"
#include "peer.h"
#include "split.h"

struct radam_args {
    float *p;
    const float *g;
    float *m, *v;
    struct moment_scalars s;
    float step_size, eps;
    int decoupled, rectified;
};

/* One loop per (decoupled, rectified): constants after inlining, so no branch stays in the loop. */
static inline __attribute__((always_inline)) void radam_loop(const struct radam_args *a, size_t from, size_t to, int decoupled, int rectified)
{
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict m = a->m;
    float *restrict v = a->v;
    const struct moment_scalars s = a->s;
    const float step_size = a->step_size, eps = a->eps;
    for (size_t i = from; i < to; i++) {
        float mi, vi;
        float pi = moments_update(p[i], g[i], m, v, i, &s, decoupled, &mi, &vi);
        if (rectified) {
            p[i] = pi - (step_size * mi) / (sqrtf(vi) + eps);
        } else {
            p[i] = pi - step_size * mi;
        }
    }
}

static void radam_range(const void *raw, size_t from, size_t to)
{
    const struct radam_args *a = raw;
    if (a->rectified) {
        if (a->decoupled) {
            radam_loop(a, from, to, 1, 1);
        } else {
            radam_loop(a, from, to, 0, 1);
        }
    } else if (a->decoupled) {
        radam_loop(a, from, to, 1, 0);
    } else {
        radam_loop(a, from, to, 0, 0);
    }
}

void peer_radam(float *p, const float *g, float *m, float *v, size_t n,
                float decay, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
                float step_size, float eps, int decoupled, int rectified, int threads)
{
    struct radam_args a = { p, g, m, v, { decay, beta1, one_minus_beta1, beta2, one_minus_beta2 }, step_size, eps, decoupled, rectified };
    peer_split(radam_range, &a, n, threads);
}
