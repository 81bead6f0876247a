#include <math.h>

#include "peer.h"
#include "split.h"

struct adagrad_args {
    float *p;
    const float *g;
    float *s;
    float clr, eps;
};

static void adagrad_range(const void *raw, size_t from, size_t to)
{
    const struct adagrad_args *a = raw;
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict s = a->s;
    const float clr = a->clr, eps = a->eps;
    for (size_t i = from; i < to; i++) {
        float gi = g[i];
        float si = s[i] + gi * gi;
        s[i] = si;
        p[i] = p[i] - clr * (gi / (sqrtf(si) + eps));
    }
}

void peer_adagrad(float *p, const float *g, float *s, size_t n, float clr, float eps, int threads)
{
    struct adagrad_args a = { p, g, s, clr, eps };
    peer_split(adagrad_range, &a, n, threads);
}

struct rmsprop_args {
    float *p;
    const float *g;
    float *v;
    float lr, alpha, one_minus_alpha, eps;
};

static void rmsprop_range(const void *raw, size_t from, size_t to)
{
    const struct rmsprop_args *a = raw;
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict v = a->v;
    const float lr = a->lr, alpha = a->alpha, one_minus_alpha = a->one_minus_alpha, eps = a->eps;
    for (size_t i = from; i < to; i++) {
        float gi = g[i];
        float vi = alpha * v[i] + one_minus_alpha * (gi * gi);
        v[i] = vi;
        p[i] = p[i] - lr * (gi / (sqrtf(vi) + eps));
    }
}

void peer_rmsprop(float *p, const float *g, float *v, size_t n,
                  float lr, float alpha, float one_minus_alpha, float eps, int threads)
{
    struct rmsprop_args a = { p, g, v, lr, alpha, one_minus_alpha, eps };
    peer_split(rmsprop_range, &a, n, threads);
}
