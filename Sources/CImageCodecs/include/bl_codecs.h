// libpng / libtiff / libjpeg behind a small C interface. Errors come back as one line in `err`;
// libpng's and libjpeg's longjmp-based error handling never crosses into Swift.
#ifndef BL_CODECS_H
#define BL_CODECS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An interleaved raster: 8-bit (uint8), 16-bit (uint16, native byte order) or 32-bit float samples.
typedef struct {
    int width;
    int height;
    int channels;      // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    int bitDepth;      // 8, 16 or 32
    int isFloat;       // 1 when samples are 32-bit float
    void *data;        // width * height * channels samples, rows top to bottom
} BLRaster;

/// Largest number of samples a reader will allocate (guards against hostile headers).
#define BL_MAX_SAMPLES ((size_t)1 << 31)

/// Sets the memory, in bytes, a reader may use for one image (0: no limit but BL_MAX_SAMPLES). A reader
/// whose header asks for more refuses before allocating, saying how big the image is.
void bl_set_memory_budget(size_t bytes);

/// Tunes glibc's allocator for image planes: blocks up to 32 MiB (a 4K float plane) come from one heap that
/// keeps freed memory for the next plane, instead of being mapped fresh and unmapped on every free. A no-op
/// with other C libraries.
void bl_malloc_tune_for_planes(void);

/// Starts `path` with `argv` (NULL-terminated) and the given descriptors as its stdin, stdout and stderr
/// (-1: inherit). The child is killed by the kernel when Backlot dies, however it dies. Returns its pid, or -1
/// with `*error` set to the errno of the failed fork or exec.
int bl_spawn_tied(const char *path, char *const argv[], int stdin_fd, int stdout_fd, int stderr_fd, int *error);

/// Frees the samples of a raster filled by a reader.
void bl_raster_free(BLRaster *raster);

int bl_png_read(const char *path, BLRaster *out, char *err, size_t errlen);
/// `level` is the zlib level (0-9).
int bl_png_write(const char *path, const BLRaster *in, int level, char *err, size_t errlen);

int bl_tiff_read(const char *path, BLRaster *out, char *err, size_t errlen);
/// `compression`: 0 none, 1 LZW, 2 deflate.
int bl_tiff_write(const char *path, const BLRaster *in, int compression, char *err, size_t errlen);

int bl_jpeg_read(const char *path, BLRaster *out, char *err, size_t errlen);
/// `quality` 1-100; 1 or 3 channels, 8-bit.
int bl_jpeg_write(const char *path, const BLRaster *in, int quality, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
