#ifndef BL_COMMON_H
#define BL_COMMON_H
#include <stdio.h>
#include <stdarg.h>
#include "bl_codecs.h"

size_t bl_memory_budget(void);

static inline void bl_set_error(char *err, size_t errlen, const char *fmt, ...) {
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/// Checks a raster's size before allocation; returns 0 when acceptable.
static inline int bl_check_size(long width, long height, long channels, char *err, size_t errlen) {
    if (width <= 0 || height <= 0) {
        bl_set_error(err, errlen, "zero-size image (%ldx%ld) in header", width, height);
        return 1;
    }
    if ((size_t)width * (size_t)height * (size_t)channels > BL_MAX_SAMPLES || width > 1000000 || height > 1000000) {
        bl_set_error(err, errlen, "the header declares a %ldx%ld image, beyond what Backlot reads (%zu samples at most)",
                     width, height, (size_t)BL_MAX_SAMPLES);
        return 1;
    }
    // The file's samples, then float planes of them: about 6 bytes per sample at the least.
    size_t budget = bl_memory_budget();
    double needed = (double)width * (double)height * (double)channels * 6.0;
    if (budget > 0 && needed > (double)budget) {
        bl_set_error(err, errlen, "the image is %ldx%ld (%.0f megapixels): reading it needs %.1f GB of memory, %.1f GB is available",
                     width, height, (double)width * (double)height / 1e6, needed / 1e9, (double)budget / 1e9);
        return 1;
    }
    return 0;
}
#endif
