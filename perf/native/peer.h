/*
 * Compiled-C peers of SimdOpt's update rules, for the benchmark suite and the bits test.
 *
 * Each kernel is the element loop of one rule, in exactly the order of float operations that rule's XML doc
 * fixes (src/SimdOpt/Optimizers, the rule structs in src/SimdOpt/Kernels) and its reference follows
 * (src/SimdOpt/Reference). The step's scalars (learning rate, bias corrections, 1 - beta, ...) are computed
 * by the caller in C#, rounded to float once, and passed in. Built with -ffp-contract=off so no product and
 * sum are fused, and -fno-math-errno so sqrtf is the correctly rounded instruction and the loops vectorize.
 *
 * The peers cover the benchmarked forms: no maximize, no L2 weight decay, no subnormal flush, RMSProp neither
 * centered nor with momentum. AMSGrad's max is "(vmax < v || v is NaN) ? v : vmax": MathF.Max for every
 * input but a pair of signed zeros, which second moments never are (they start at +0 and add squares).
 *
 * threads = 1 runs on the calling thread; threads > 1 splits [0, n) into that many contiguous parts (each
 * starting on a 16-element boundary) in one OpenMP parallel region.
 */
#ifndef SIMDOPT_PEER_H
#define SIMDOPT_PEER_H

#include <stddef.h>

#define PEER_EXPORT __attribute__((visibility("default")))

/* p = p - lr * g */
PEER_EXPORT void peer_sgd(float *p, const float *g, size_t n, float lr, int threads);

/* b = first ? g : mu * b + gradient_scale * g; p = p - lr * (nesterov ? g + mu * b : b) */
PEER_EXPORT void peer_sgd_momentum(float *p, const float *g, float *b, size_t n,
                                   float lr, float mu, float gradient_scale, int first, int nesterov, int threads);

/* v = beta * v + one_minus_beta * g; p = p - lr * v */
PEER_EXPORT void peer_moving_average_momentum(float *p, const float *g, float *v, size_t n,
                                              float lr, float beta, float one_minus_beta, int threads);

/* s = s + g * g; p = p - clr * (g / (sqrt(s) + eps)) */
PEER_EXPORT void peer_adagrad(float *p, const float *g, float *s, size_t n, float clr, float eps, int threads);

/* v = alpha * v + one_minus_alpha * (g * g); p = p - lr * (g / (sqrt(v) + eps)) */
PEER_EXPORT void peer_rmsprop(float *p, const float *g, float *v, size_t n,
                              float lr, float alpha, float one_minus_alpha, float eps, int threads);

/*
 * decoupled: p = p * decay
 * m = beta1 * m + one_minus_beta1 * g; v = beta2 * v + one_minus_beta2 * (g * g)
 * amsgrad: vmax = max(vmax, v), used below instead of v
 * p = p - (step_size * m) / (sqrt(v) + eps_hat)
 */
PEER_EXPORT void peer_adam(float *p, const float *g, float *m, float *v, float *vmax, size_t n,
                           float decay, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
                           float step_size, float eps_hat, int decoupled, int amsgrad, int threads);

#endif
