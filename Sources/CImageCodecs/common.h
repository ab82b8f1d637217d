#ifndef BL_COMMON_H
#define BL_COMMON_H
#include <stdio.h>
#include <stdarg.h>
#include "bl_codecs.h"

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
        bl_set_error(err, errlen, "image dimensions %ldx%ld in header are too large", width, height);
        return 1;
    }
    return 0;
}
#endif
