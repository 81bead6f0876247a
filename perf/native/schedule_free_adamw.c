#include <math.h>

#include "peer.h"
#include "split.h"

struct schedule_free_args {
    float *y;
    const float *g;
    float *z, *v;
    float beta2, one_minus_beta2, eps_hat, ckp1, y_step, z_step, y_decay, z_decay;
    int first, decays;
};

/* One loop per (first, decays): constants after inlining, so no branch stays in the loop. */
static inline __attribute__((always_inline)) void schedule_free_loop(const struct schedule_free_args *a, size_t from, size_t to, int first, int decays)
{
    float *restrict y = a->y;
    const float *restrict g = a->g;
    float *restrict z = a->z;
    float *restrict v = a->v;
    const float beta2 = a->beta2, one_minus_beta2 = a->one_minus_beta2, eps_hat = a->eps_hat, ckp1 = a->ckp1;
    const float y_step = a->y_step, z_step = a->z_step, y_decay = a->y_decay, z_decay = a->z_decay;
    for (size_t i = from; i < to; i++) {
        float yi = y[i];
        float gi = g[i];
        float zi = first ? yi : z[i];
        float vi = beta2 * v[i] + one_minus_beta2 * (gi * gi);
        v[i] = vi;
        float ui = gi / (sqrtf(vi) + eps_hat);
        float next_y = (yi + ckp1 * (zi - yi)) + y_step * ui;
        float next_z = zi - z_step * ui;
        if (decays) {
            next_y = next_y + y_decay * yi;
            next_z = next_z - z_decay * yi;
        }
        y[i] = next_y;
        z[i] = next_z;
    }
}

static void schedule_free_range(const void *raw, size_t from, size_t to)
{
    const struct schedule_free_args *a = raw;
    if (a->first) {
        if (a->decays) {
            schedule_free_loop(a, from, to, 1, 1);
        } else {
            schedule_free_loop(a, from, to, 1, 0);
        }
    } else if (a->decays) {
        schedule_free_loop(a, from, to, 0, 1);
    } else {
        schedule_free_loop(a, from, to, 0, 0);
    }
}

void peer_schedule_free_adamw(float *y, const float *g, float *z, float *v, size_t n,
                              float beta2, float one_minus_beta2, float eps_hat, float ckp1,
                              float y_step, float z_step, float y_decay, float z_decay, int first, int decays, int threads)
{
    struct schedule_free_args a = { y, g, z, v, beta2, one_minus_beta2, eps_hat, ckp1, y_step, z_step, y_decay, z_decay, first, decays };
    peer_split(schedule_free_range, &a, n, threads);
}
