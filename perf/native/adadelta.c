#include <math.h>

#include "peer.h"
#include "split.h"

struct adadelta_args {
    float *p;
    const float *g;
    float *v, *u;
    float lr, rho, one_minus_rho, eps;
};

static void adadelta_range(const void *raw, size_t from, size_t to)
{
    const struct adadelta_args *a = raw;
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict v = a->v;
    float *restrict u = a->u;
    const float lr = a->lr, rho = a->rho, one_minus_rho = a->one_minus_rho, eps = a->eps;
    for (size_t i = from; i < to; i++) {
        float gi = g[i];
        float vi = rho * v[i] + one_minus_rho * (gi * gi);
        v[i] = vi;
        float ui = u[i];
        float delta = sqrtf((ui + eps) / (vi + eps)) * gi;
        u[i] = rho * ui + one_minus_rho * (delta * delta);
        p[i] = p[i] - lr * delta;
    }
}

void peer_adadelta(float *p, const float *g, float *v, float *u, size_t n,
                   float lr, float rho, float one_minus_rho, float eps, int threads)
{
    struct adadelta_args a = { p, g, v, u, lr, rho, one_minus_rho, eps };
    peer_split(adadelta_range, &a, n, threads);
}
