#include "peer.h"
#include "split.h"

struct sgd_args {
    float *p;
    const float *g;
    float lr;
};

static void sgd_range(const void *raw, size_t from, size_t to)
{
    const struct sgd_args *a = raw;
    float *restrict p = a->p;
    const float *restrict g = a->g;
    const float lr = a->lr;
    for (size_t i = from; i < to; i++) {
        p[i] = p[i] - lr * g[i];
    }
}

void peer_sgd(float *p, const float *g, size_t n, float lr, int threads)
{
    struct sgd_args a = { p, g, lr };
    peer_split(sgd_range, &a, n, threads);
}
