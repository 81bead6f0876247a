/* The start of every Adam-family element update, as AdamMoments (src/SimdOpt/Kernels) orders it: the decoupled
 * weight decay p * decay (when on), then m = beta1 * m + (1 - beta1) * g and v = beta2 * v + (1 - beta2) * (g * g),
 * both stored. Written once for adam.c, nadam.c and radam.c; always inlined, so each loop still vectorizes with its
 * flags as constants. */
#ifndef SIMDOPT_PEER_MOMENTS_H
#define SIMDOPT_PEER_MOMENTS_H

#include <stddef.h>

struct moment_scalars {
    float decay, beta1, one_minus_beta1, beta2, one_minus_beta2;
};

/* Returns the (decayed) parameter; m[i] and v[i] are updated and their new values put in *mi and *vi. */
static inline __attribute__((always_inline)) float moments_update(
    float pi, float gi, float *restrict m, float *restrict v, size_t i, const struct moment_scalars *s, int decoupled,
    float *mi, float *vi)
{
    if (decoupled) {
        pi = pi * s->decay;
    }
    *mi = s->beta1 * m[i] + s->one_minus_beta1 * gi;
    m[i] = *mi;
    *vi = s->beta2 * v[i] + s->one_minus_beta2 * (gi * gi);
    v[i] = *vi;
    return pi;
}

#endif
