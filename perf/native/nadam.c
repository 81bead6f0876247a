#include <math.h>

#include "moments.h"
#include "peer.h"
#include "split.h"

struct nadam_args {
    float *p;
    const float *g;
    float *m, *v;
    struct moment_scalars s;
    float gradient_step, momentum_step, eps_hat;
    int decoupled;
};

/* One loop per value of decoupled: a constant after inlining, so no branch stays in the loop. */
static inline __attribute__((always_inline)) void nadam_loop(const struct nadam_args *a, size_t from, size_t to, int decoupled)
{
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict m = a->m;
    float *restrict v = a->v;
    const struct moment_scalars s = a->s;
    const float gradient_step = a->gradient_step, momentum_step = a->momentum_step, eps_hat = a->eps_hat;
    for (size_t i = from; i < to; i++) {
        float gi = g[i];
        float mi, vi;
        float pi = moments_update(p[i], gi, m, v, i, &s, decoupled, &mi, &vi);
        p[i] = pi - (gradient_step * gi + momentum_step * mi) / (sqrtf(vi) + eps_hat);
    }
}

static void nadam_range(const void *raw, size_t from, size_t to)
{
    const struct nadam_args *a = raw;
    if (a->decoupled) {
        nadam_loop(a, from, to, 1);
    } else {
        nadam_loop(a, from, to, 0);
    }
}

void peer_nadam(float *p, const float *g, float *m, float *v, size_t n,
                float decay, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
                float gradient_step, float momentum_step, float eps_hat, int decoupled, int threads)
{
    struct nadam_args a = { p, g, m, v, { decay, beta1, one_minus_beta1, beta2, one_minus_beta2 }, gradient_step, momentum_step, eps_hat, decoupled };
    peer_split(nadam_range, &a, n, threads);
}
