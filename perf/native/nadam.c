#include <math.h>

#include "peer.h"
#include "split.h"

struct nadam_args {
    float *p;
    const float *g;
    float *m, *v;
    float decay, beta1, one_minus_beta1, beta2, one_minus_beta2, gradient_step, momentum_step, eps_hat;
    int decoupled;
};

/* One loop per value of decoupled: a constant after inlining, so no branch stays in the loop. */
static inline __attribute__((always_inline)) void nadam_loop(const struct nadam_args *a, size_t from, size_t to, int decoupled)
{
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict m = a->m;
    float *restrict v = a->v;
    const float decay = a->decay, beta1 = a->beta1, one_minus_beta1 = a->one_minus_beta1, beta2 = a->beta2;
    const float one_minus_beta2 = a->one_minus_beta2, gradient_step = a->gradient_step, momentum_step = a->momentum_step, eps_hat = a->eps_hat;
    for (size_t i = from; i < to; i++) {
        float pi = p[i];
        float gi = g[i];
        if (decoupled) {
            pi = pi * decay;
        }
        float mi = beta1 * m[i] + one_minus_beta1 * gi;
        m[i] = mi;
        float vi = beta2 * v[i] + one_minus_beta2 * (gi * gi);
        v[i] = vi;
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
    struct nadam_args a = { p, g, m, v, decay, beta1, one_minus_beta1, beta2, one_minus_beta2, gradient_step, momentum_step, eps_hat, decoupled };
    peer_split(nadam_range, &a, n, threads);
}
