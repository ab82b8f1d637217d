// A plain-C face over OpenEXR's C++ API (Imf::InputFile / Imf::OutputFile), so Swift can call it.
// Every function that can fail returns 0 on success and fills `err` with one line on failure.
#ifndef BL_EXR_H
#define BL_EXR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An open EXR file (opaque).
typedef struct BLEXRFile BLEXRFile;

/// Pixel types, as Imf::PixelType.
enum { BL_EXR_UINT = 0, BL_EXR_HALF = 1, BL_EXR_FLOAT = 2 };

/// The structural part of an EXR header.
typedef struct {
    int dataMinX, dataMinY, dataMaxX, dataMaxY;
    int displayMinX, displayMinY, displayMaxX, displayMaxY;
    int channelCount;
    int compression;          // Imf::Compression
    int tiled;                // 1 when the file is tiled
    int tileWidth, tileHeight;
    int lineOrder;            // Imf::LineOrder
    int partCount;            // parts in a multi-part file (part 0 is read)
    int hasChromaticities;
    float chromaticities[8];  // red xy, green xy, blue xy, white xy
    int attributeCount;
    int version;              // file format version word's low byte
    int flags;                // file format version flags
} BLEXRHeader;

/// Sets the number of OpenEXR worker threads (0 = none).
void bl_exr_set_threads(int threads);

/// Opens `path` and reads its header. Returns NULL and fills `err` on failure.
BLEXRFile *bl_exr_open(const char *path, char *err, size_t errlen);

/// Closes a file opened by `bl_exr_open`.
void bl_exr_close(BLEXRFile *file);

/// Copies the header's structural fields.
void bl_exr_header(const BLEXRFile *file, BLEXRHeader *out);

/// Describes channel `index` (in the file's order, sorted by name).
int bl_exr_channel(const BLEXRFile *file, int index, char *name, size_t namelen,
                   int *pixelType, int *xSampling, int *ySampling);

/// Describes attribute `index` (sorted by name): its name, type name and value as `exrheader` prints it.
int bl_exr_attribute(const BLEXRFile *file, int index, char *name, size_t namelen,
                     char *type, size_t typelen, char *value, size_t valuelen);

/// Reads the channels listed in `channelIndices` into `planes` (float, data-window sized, row-major).
int bl_exr_read(BLEXRFile *file, const int *channelIndices, float *const *planes, int count,
                char *err, size_t errlen);

/// What to write.
typedef struct {
    int dataMinX, dataMinY, dataMaxX, dataMaxY;
    int displayMinX, displayMinY, displayMaxX, displayMaxY;
    int channelCount;
    const char *const *channelNames;
    const float *const *planes;       // data-window sized, row-major
    const int *pixelTypes;            // BL_EXR_HALF or BL_EXR_FLOAT per channel
    int compression;                  // Imf::Compression
    const float *chromaticities;      // 8 floats, or NULL
    int stringAttributeCount;
    const char *const *stringAttributeNames;
    const char *const *stringAttributeValues;
    const float *premultiplyBy;       // NULL, or an alpha plane the first `premultiplyCount` channels are
    int premultiplyCount;             //   multiplied by on the way out (straight colour stored premultiplied)
    long *clampedCount;               // NULL, or set to the number of samples beyond ±65504 stored in half
                                      //   channels as ±65504 (the largest half) instead of infinity
} BLEXRWriteRequest;

/// Writes a scanline EXR to `path` (the caller handles temporary names).
int bl_exr_write(const char *path, const BLEXRWriteRequest *request, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
