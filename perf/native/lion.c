#include "peer.h"
#include "split.h"

struct lion_args {
    float *p;
    const float *g;
    float *m;
    float lr, wd, beta1, one_minus_beta1, beta2, one_minus_beta2;
    int decays;
};

/* ILane.Sign: +1 above zero, -1 below, +0 for either zero, the NaN itself for NaN. */
static inline float lion_sign(float c)
{
    return c != c ? c : (c > 0.0f ? 1.0f : (c < 0.0f ? -1.0f : 0.0f));
}

/* One loop per value of decays: a constant after inlining, so no branch stays in the loop. */
static inline __attribute__((always_inline)) void lion_loop(const struct lion_args *a, size_t from, size_t to, int decays)
{
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict m = a->m;
    const float lr = a->lr, wd = a->wd, beta1 = a->beta1, one_minus_beta1 = a->one_minus_beta1;
    const float beta2 = a->beta2, one_minus_beta2 = a->one_minus_beta2;
    for (size_t i = from; i < to; i++) {
        float pi = p[i];
        float gi = g[i];
        float mi = m[i];
        float d = lion_sign(beta1 * mi + one_minus_beta1 * gi);
        if (decays) {
            d = d + wd * pi;
        }
        p[i] = pi - lr * d;
        m[i] = beta2 * mi + one_minus_beta2 * gi;
    }
}

static void lion_range(const void *raw, size_t from, size_t to)
{
    const struct lion_args *a = raw;
    if (a->decays) {
        lion_loop(a, from, to, 1);
    } else {
        lion_loop(a, from, to, 0);
    }
}

void peer_lion(float *p, const float *g, float *m, size_t n,
               float lr, float wd, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2, int decays, int threads)
{
    struct lion_args a = { p, g, m, lr, wd, beta1, one_minus_beta1, beta2, one_minus_beta2, decays };
    peer_split(lion_range, &a, n, threads);
}
