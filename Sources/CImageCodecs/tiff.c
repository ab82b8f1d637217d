#include <tiffio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "common.h"

static _Thread_local char tiff_message[256];

static void on_tiff_error(const char *module, const char *fmt, va_list ap) {
    (void)module;
    vsnprintf(tiff_message, sizeof tiff_message, fmt, ap);
}

static void on_tiff_warning(const char *module, const char *fmt, va_list ap) {
    (void)module; (void)fmt; (void)ap;
}

static void install_handlers(void) {
    TIFFSetErrorHandler(on_tiff_error);
    TIFFSetWarningHandler(on_tiff_warning);
    tiff_message[0] = 0;
}

/// Checks, before anything is allocated, that every strip or tile the directory lists lies within the file:
/// libtiff would otherwise decode a few hundred bytes declaring a huge image into gigabytes of zeros.
static int check_data_in_file(TIFF *tif, const char *path, char *err, size_t errlen) {
    struct stat st;
    if (stat(path, &st) != 0) return 0;
    int tiled = TIFFIsTiled(tif);
    uint64_t *offsets = NULL, *counts = NULL;
    if (!TIFFGetField(tif, tiled ? TIFFTAG_TILEOFFSETS : TIFFTAG_STRIPOFFSETS, &offsets) ||
        !TIFFGetField(tif, tiled ? TIFFTAG_TILEBYTECOUNTS : TIFFTAG_STRIPBYTECOUNTS, &counts) || !offsets || !counts) {
        bl_set_error(err, errlen, "corrupt TIFF: the directory does not say where the pixel data is");
        return 1;
    }
    uint32_t n = tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
    for (uint32_t i = 0; i < n; i++) {
        if (counts[i] == 0 || offsets[i] > (uint64_t)st.st_size || counts[i] > (uint64_t)st.st_size - offsets[i]) {
            bl_set_error(err, errlen, "corrupt TIFF: truncated: %s %u of %u lies outside the file's %lld bytes",
                         tiled ? "tile" : "strip", i + 1, n, (long long)st.st_size);
            return 1;
        }
    }
    return 0;
}

// Reads files libtiff can only hand out as 8-bit RGBA (palette, YCbCr, 1-bit, CMYK, ...).
static int read_rgba_fallback(TIFF *tif, uint32_t w, uint32_t h, BLRaster *out, char *err, size_t errlen) {
    if (bl_check_size((long)w, (long)h, 8, err, errlen)) return 1;  // the RGBA words, then the bytes
    uint32_t *px = malloc((size_t)w * h * sizeof(uint32_t));
    if (!px) { bl_set_error(err, errlen, "out of memory"); return 1; }
    // Stop at the first error: libtiff would otherwise fill what it cannot read with zeros and succeed.
    if (!TIFFReadRGBAImageOriented(tif, w, h, px, ORIENTATION_TOPLEFT, 1)) {
        free(px);
        bl_set_error(err, errlen, "corrupt TIFF: %s", tiff_message[0] ? tiff_message : "cannot decode");
        return 1;
    }
    uint8_t *data = malloc((size_t)w * h * 4);
    if (!data) { free(px); bl_set_error(err, errlen, "out of memory"); return 1; }
    for (size_t i = 0; i < (size_t)w * h; i++) {
        data[4 * i] = TIFFGetR(px[i]);
        data[4 * i + 1] = TIFFGetG(px[i]);
        data[4 * i + 2] = TIFFGetB(px[i]);
        data[4 * i + 3] = TIFFGetA(px[i]);
    }
    free(px);
    out->width = (int)w; out->height = (int)h; out->channels = 4; out->bitDepth = 8; out->isFloat = 0;
    out->data = data;
    return 0;
}

int bl_tiff_read(const char *path, BLRaster *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    install_handlers();
    TIFF *tif = TIFFOpen(path, "r");
    if (!tif) {
        bl_set_error(err, errlen, "not a readable TIFF: %s", tiff_message[0] ? tiff_message : "cannot open");
        return 1;
    }
    uint32_t w = 0, h = 0;
    uint16_t spp = 1, bps = 1, format = SAMPLEFORMAT_UINT, planar = PLANARCONFIG_CONTIG, photometric = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PHOTOMETRIC, &photometric);
    if (bl_check_size((long)w, (long)h, spp, err, errlen) || check_data_in_file(tif, path, err, errlen)) {
        TIFFClose(tif);
        return 1;
    }
    int direct = (photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_RGB) && spp >= 1 && spp <= 4 &&
                 ((format == SAMPLEFORMAT_UINT && (bps == 8 || bps == 16)) || (format == SAMPLEFORMAT_IEEEFP && bps == 32));
    if (!direct) {
        int r = read_rgba_fallback(tif, w, h, out, err, errlen);
        TIFFClose(tif);
        return r;
    }
    size_t bytes = bps / 8;
    size_t pixelBytes = bytes * spp;
    uint8_t *data = malloc((size_t)w * h * pixelBytes);
    if (!data) { TIFFClose(tif); bl_set_error(err, errlen, "out of memory"); return 1; }
    int nplanes = planar == PLANARCONFIG_SEPARATE ? spp : 1;
    size_t perPlane = planar == PLANARCONFIG_SEPARATE ? 1 : spp;   // samples per pixel in one plane's buffer
    int ok = 1;
    if (TIFFIsTiled(tif)) {
        uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        uint8_t *tile = malloc(TIFFTileSize(tif));
        if (!tile || tw == 0 || th == 0) ok = 0;
        for (int s = 0; ok && s < nplanes; s++)
            for (uint32_t ty = 0; ok && ty < h; ty += th)
                for (uint32_t tx = 0; ok && tx < w; tx += tw) {
                    if (TIFFReadTile(tif, tile, tx, ty, 0, (uint16_t)s) < 0) { ok = 0; break; }
                    for (uint32_t y = ty; y < ty + th && y < h; y++)
                        for (uint32_t x = tx; x < tx + tw && x < w; x++) {
                            uint8_t *src = tile + (((size_t)(y - ty) * tw + (x - tx)) * perPlane) * bytes;
                            uint8_t *dst = data + ((size_t)y * w + x) * pixelBytes + (size_t)s * bytes;
                            memcpy(dst, src, perPlane * bytes);
                        }
                }
        free(tile);
    } else {
        uint8_t *line = malloc(TIFFScanlineSize(tif));
        if (!line) ok = 0;
        for (int s = 0; ok && s < nplanes; s++)
            for (uint32_t y = 0; y < h; y++) {
                if (TIFFReadScanline(tif, line, y, (uint16_t)s) < 0) { ok = 0; break; }
                if (planar == PLANARCONFIG_SEPARATE) {
                    for (uint32_t x = 0; x < w; x++)
                        memcpy(data + ((size_t)y * w + x) * pixelBytes + (size_t)s * bytes, line + (size_t)x * bytes, bytes);
                } else {
                    memcpy(data + (size_t)y * w * pixelBytes, line, (size_t)w * pixelBytes);
                }
            }
        free(line);
    }
    TIFFClose(tif);
    if (!ok) {
        free(data);
        bl_set_error(err, errlen, "corrupt TIFF: %s", tiff_message[0] ? tiff_message : "cannot read pixel data");
        return 1;
    }
    out->width = (int)w; out->height = (int)h; out->channels = spp; out->bitDepth = bps;
    out->isFloat = format == SAMPLEFORMAT_IEEEFP; out->data = data;
    return 0;
}

int bl_tiff_write(const char *path, const BLRaster *in, int compression, char *err, size_t errlen) {
    install_handlers();
    TIFF *tif = TIFFOpen(path, "w");
    if (!tif) {
        bl_set_error(err, errlen, "cannot create TIFF: %s", tiff_message[0] ? tiff_message : "open failed");
        return 1;
    }
    uint16_t spp = (uint16_t)in->channels;
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)in->width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)in->height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, spp);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)in->bitDepth);
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, in->isFloat ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
    if (spp == 2 || spp == 4) {
        uint16_t extra[1] = {EXTRASAMPLE_UNASSALPHA};
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, extra);
    }
    uint16_t codec = compression == 1 ? COMPRESSION_LZW : compression == 2 ? COMPRESSION_ADOBE_DEFLATE : COMPRESSION_NONE;
    TIFFSetField(tif, TIFFTAG_COMPRESSION, codec);
    if (codec != COMPRESSION_NONE) {
        TIFFSetField(tif, TIFFTAG_PREDICTOR, in->isFloat ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL);
    }
    if (codec == COMPRESSION_ADOBE_DEFLATE) TIFFSetField(tif, TIFFTAG_ZIPQUALITY, 3);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
    TIFFSetField(tif, TIFFTAG_SOFTWARE, "Backlot");
    size_t rowBytes = (size_t)in->width * spp * (in->bitDepth / 8);
    uint8_t *line = malloc(rowBytes);   // libtiff may modify the buffer when encoding
    int ok = line != NULL;
    for (int y = 0; ok && y < in->height; y++) {
        memcpy(line, (const uint8_t *)in->data + (size_t)y * rowBytes, rowBytes);
        if (TIFFWriteScanline(tif, line, (uint32_t)y, 0) < 0) ok = 0;
    }
    free(line);
    if (ok && !TIFFFlush(tif)) ok = 0;
    TIFFClose(tif);
    if (!ok) {
        bl_set_error(err, errlen, "TIFF write failed: %s", tiff_message[0] ? tiff_message : "I/O error");
        return 1;
    }
    return 0;
}
