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
 * centered nor with momentum (decoupled weight decay, Lion's and Schedule-Free AdamW's decay are covered). AMSGrad's max is "(vmax < v || v is NaN) ? v : vmax": MathF.Max for every
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

/*
 * d = sign(beta1 * m + one_minus_beta1 * g), plus wd * p when decays; p = p - lr * d;
 * m = beta2 * m + one_minus_beta2 * g (from the old m). sign: +1, -1, +0 for either zero, NaN for NaN.
 */
PEER_EXPORT void peer_lion(float *p, const float *g, float *m, size_t n,
                           float lr, float wd, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2, int decays, int threads);

/* m = beta1 * m + one_minus_beta1 * g; u = max(beta2 * u, |g| + eps) (NaN wins); p = p - (step_size * m) / u */
PEER_EXPORT void peer_adamax(float *p, const float *g, float *m, float *u, size_t n,
                             float beta1, float one_minus_beta1, float beta2, float eps, float step_size, int threads);

/*
 * decoupled: p = p * decay; Adam's moments m and v;
 * p = p - (gradient_step * g + momentum_step * m) / (sqrt(v) + eps_hat)
 */
PEER_EXPORT void peer_nadam(float *p, const float *g, float *m, float *v, size_t n,
                            float decay, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
                            float gradient_step, float momentum_step, float eps_hat, int decoupled, int threads);

/*
 * decoupled: p = p * decay; Adam's moments m and v;
 * rectified: p = p - (step_size * m) / (sqrt(v) + eps), otherwise p = p - step_size * m
 */
PEER_EXPORT void peer_radam(float *p, const float *g, float *m, float *v, size_t n,
                            float decay, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
                            float step_size, float eps, int decoupled, int rectified, int threads);

/*
 * v = rho * v + one_minus_rho * (g * g); delta = sqrt((u + eps) / (v + eps)) * g;
 * u = rho * u + one_minus_rho * (delta * delta); p = p - lr * delta
 */
PEER_EXPORT void peer_adadelta(float *p, const float *g, float *v, float *u, size_t n,
                               float lr, float rho, float one_minus_rho, float eps, int threads);

/*
 * Schedule-Free AdamW over y (the parameters): z = first ? y : z; v = beta2 * v + one_minus_beta2 * (g * g);
 * u = g / (sqrt(v) + eps_hat); y' = (y + ckp1 * (z - y)) + y_step * u; z' = z - z_step * u;
 * decays: y' = y' + y_decay * y, z' = z' - z_decay * y (y before the step)
 */
PEER_EXPORT void peer_schedule_free_adamw(float *y, const float *g, float *z, float *v, size_t n,
                                          float beta2, float one_minus_beta2, float eps_hat, float ckp1,
                                          float y_step, float z_step, float y_decay, float z_decay, int first, int decays, int threads);

#endif
