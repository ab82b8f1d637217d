// Allocator settings for image work (see bl_codecs.h).
#include "bl_codecs.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc systems
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <stdatomic.h>

static _Atomic size_t memory_budget = 0;

void bl_set_memory_budget(size_t bytes) { atomic_store(&memory_budget, bytes); }

size_t bl_memory_budget(void) { return atomic_load(&memory_budget); }

void bl_malloc_tune_for_planes(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's ceiling: a 4K float plane fits under it
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    mallopt(M_ARENA_MAX, 1);
#endif
}
