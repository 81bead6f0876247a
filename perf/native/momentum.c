#include "peer.h"
#include "split.h"

struct momentum_args {
    float *p;
    const float *g;
    float *b;
    float lr, mu, gradient_scale;
    int first, nesterov;
};

/* One loop per (first, nesterov): the flags are constants after inlining, so no branch stays in the loop. */
static inline __attribute__((always_inline)) void momentum_loop(const struct momentum_args *a, size_t from, size_t to, int first, int nesterov)
{
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict b = a->b;
    const float lr = a->lr, mu = a->mu, gradient_scale = a->gradient_scale;
    for (size_t i = from; i < to; i++) {
        float gi = g[i];
        float bi = first ? gi : mu * b[i] + gradient_scale * gi;
        b[i] = bi;
        float direction = nesterov ? gi + mu * bi : bi;
        p[i] = p[i] - lr * direction;
    }
}

static void momentum_range(const void *raw, size_t from, size_t to)
{
    const struct momentum_args *a = raw;
    if (a->first) {
        if (a->nesterov) {
            momentum_loop(a, from, to, 1, 1);
        } else {
            momentum_loop(a, from, to, 1, 0);
        }
    } else if (a->nesterov) {
        momentum_loop(a, from, to, 0, 1);
    } else {
        momentum_loop(a, from, to, 0, 0);
    }
}

void peer_sgd_momentum(float *p, const float *g, float *b, size_t n,
                       float lr, float mu, float gradient_scale, int first, int nesterov, int threads)
{
    struct momentum_args a = { p, g, b, lr, mu, gradient_scale, first, nesterov };
    peer_split(momentum_range, &a, n, threads);
}

struct moving_average_args {
    float *p;
    const float *g;
    float *v;
    float lr, beta, one_minus_beta;
};

static void moving_average_range(const void *raw, size_t from, size_t to)
{
    const struct moving_average_args *a = raw;
    float *restrict p = a->p;
    const float *restrict g = a->g;
    float *restrict v = a->v;
    const float lr = a->lr, beta = a->beta, one_minus_beta = a->one_minus_beta;
    for (size_t i = from; i < to; i++) {
        float vi = beta * v[i] + one_minus_beta * g[i];
        v[i] = vi;
        p[i] = p[i] - lr * vi;
    }
}

void peer_moving_average_momentum(float *p, const float *g, float *v, size_t n,
                                  float lr, float beta, float one_minus_beta, int threads)
{
    struct moving_average_args a = { p, g, v, lr, beta, one_minus_beta };
    peer_split(moving_average_range, &a, n, threads);
}
