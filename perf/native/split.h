/* Runs one rule's range function over [0, n) on one thread or split over several (see peer.h). */
#ifndef SIMDOPT_PEER_SPLIT_H
#define SIMDOPT_PEER_SPLIT_H

#include <stddef.h>

typedef void (*peer_range)(const void *args, size_t from, size_t to);

void peer_split(peer_range range, const void *args, size_t n, int threads);

#endif
