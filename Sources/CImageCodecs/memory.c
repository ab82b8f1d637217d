// Allocator settings for image work (see bl_codecs.h).
#include "bl_codecs.h"

#include <stdio.h>
#include <stdlib.h>  // defines __GLIBC__ on glibc systems
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// glibc reads these only at start-up (GLIBC_TUNABLES); mallopt can set all but the huge-page one.
#define BL_TUNABLES "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:" \
                    "glibc.malloc.trim_threshold=1073741824:glibc.malloc.arena_max=1"

void bl_malloc_tune_for_planes(char *const *argv) {
#if defined(__GLIBC__)
    const char *current = getenv("GLIBC_TUNABLES");
    if (argv && argv[0] && (!current || !strstr(current, "glibc.malloc.hugetlb"))) {
        size_t len = strlen(BL_TUNABLES) + (current ? strlen(current) + 1 : 0) + 1;
        char *value = malloc(len);
        if (value) {
            if (current && *current) snprintf(value, len, "%s:%s", current, BL_TUNABLES);
            else snprintf(value, len, "%s", BL_TUNABLES);
            if (setenv("GLIBC_TUNABLES", value, 1) == 0) execv("/proc/self/exe", argv);
            free(value);  // exec failed: go on in this process with what mallopt can set
        }
    }
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    mallopt(M_ARENA_MAX, 1);
#else
    (void)argv;
#endif
}
