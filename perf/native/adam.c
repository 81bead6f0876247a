#include <math.h>

#include "moments.h"
#include "peer.h"
#include "split.h"

struct adam_args {
    float *p;
    const float *g;
    float *m, *v, *vmax;
    struct moment_scalars s;
    float step_size, eps_hat;
    int decoupled, amsgrad;
};

/* One loop per (decoupled, amsgrad): the flags are constants after inlining, so no branch stays in the loop. */
static inline __attribute__((always_inline)) void adam_loop(const struct adam_args *a, size_t from, size_t to, int decoupled, int amsgrad)
{
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict m = a->m;
    float *restrict v = a->v;
    float *restrict vmax = a->vmax;
    const struct moment_scalars s = a->s;
    const float step_size = a->step_size, eps_hat = a->eps_hat;
    for (size_t i = from; i < to; i++) {
        float mi, vi;
        float pi = moments_update(p[i], g[i], m, v, i, &s, decoupled, &mi, &vi);
        if (amsgrad) {
            float previous = vmax[i];
            /* MathF.Max: a NaN in either wins (previous NaN: the comparison fails and keeps it). */
            vi = (previous < vi || vi != vi) ? vi : previous;
            vmax[i] = vi;
        }
        p[i] = pi - (step_size * mi) / (sqrtf(vi) + eps_hat);
    }
}

static void adam_range(const void *raw, size_t from, size_t to)
{
    const struct adam_args *a = raw;
    if (a->amsgrad) {
        if (a->decoupled) {
            adam_loop(a, from, to, 1, 1);
        } else {
            adam_loop(a, from, to, 0, 1);
        }
    } else if (a->decoupled) {
        adam_loop(a, from, to, 1, 0);
    } else {
        adam_loop(a, from, to, 0, 0);
    }
}

void peer_adam(float *p, const float *g, float *m, float *v, float *vmax, size_t n,
               float decay, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
               float step_size, float eps_hat, int decoupled, int amsgrad, int threads)
{
    struct adam_args a = { p, g, m, v, vmax, { decay, beta1, one_minus_beta1, beta2, one_minus_beta2 }, step_size, eps_hat, decoupled, amsgrad };
    peer_split(adam_range, &a, n, threads);
}
