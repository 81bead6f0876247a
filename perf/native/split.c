#include "split.h"

#include <omp.h>

void peer_split(peer_range range, const void *args, size_t n, int threads)
{
    if (threads <= 1) {
        range(args, 0, n);
        return;
    }

#pragma omp parallel num_threads(threads)
    {
        size_t count = (size_t)omp_get_num_threads();
        size_t part = n / count / 16 * 16;
        size_t self = (size_t)omp_get_thread_num();
        size_t from = self * part;
        size_t to = self + 1 == count ? n : from + part;
        range(args, from, to);
    }
}
