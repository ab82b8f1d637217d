#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

typedef struct {
    char message[256];
} png_context;

static void on_error(png_structp png, png_const_charp msg) {
    png_context *ctx = (png_context *)png_get_error_ptr(png);
    snprintf(ctx->message, sizeof ctx->message, "%s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

void bl_raster_free(BLRaster *raster) {
    if (raster) {
        free(raster->data);
        raster->data = NULL;
    }
}

int bl_png_read(const char *path, BLRaster *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp) { bl_set_error(err, errlen, "cannot open file"); return 1; }
    unsigned char sig[8];
    if (fread(sig, 1, 8, fp) != 8 || png_sig_cmp(sig, 0, 8) != 0) {
        fclose(fp);
        bl_set_error(err, errlen, "not a PNG file (bad signature)");
        return 1;
    }
    png_context ctx = {{0}};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *volatile rows = NULL;
    void *volatile data = NULL;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(fp);
        bl_set_error(err, errlen, "out of memory");
        return 1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        free(data);
        fclose(fp);
        bl_set_error(err, errlen, "corrupt PNG: %s", ctx.message);
        return 1;
    }
    png_set_user_limits(png, 1000000, 1000000);
    png_init_io(png, fp);
    png_set_sig_bytes(png, 8);
    png_read_info(png, info);
    png_uint_32 width, height;
    int depth, colorType, interlace;
    png_get_IHDR(png, info, &width, &height, &depth, &colorType, &interlace, NULL, NULL);
    if (colorType == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (colorType == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_swap(png);
    if (interlace != PNG_INTERLACE_NONE) png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info);
    int outDepth = png_get_bit_depth(png, info);
    if (bl_check_size((long)width, (long)height, channels, err, errlen)) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(fp);
        return 1;
    }
    size_t rowBytes = png_get_rowbytes(png, info);
    data = malloc(rowBytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!data || !rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = (png_bytep)data + y * rowBytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    fclose(fp);
    out->width = (int)width;
    out->height = (int)height;
    out->channels = channels;
    out->bitDepth = outDepth;
    out->isFloat = 0;
    out->data = data;
    return 0;
}

int bl_png_write(const char *path, const BLRaster *in, int level, char *err, size_t errlen) {
    if (in->isFloat || (in->bitDepth != 8 && in->bitDepth != 16) || in->channels < 1 || in->channels > 4) {
        bl_set_error(err, errlen, "PNG holds 8- or 16-bit integer samples with 1 to 4 channels");
        return 1;
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) { bl_set_error(err, errlen, "cannot create file"); return 1; }
    png_context ctx = {{0}};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *volatile rows = NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        fclose(fp);
        bl_set_error(err, errlen, "out of memory");
        return 1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        fclose(fp);
        bl_set_error(err, errlen, "PNG write failed: %s", ctx.message);
        return 1;
    }
    static const int types[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                PNG_COLOR_TYPE_RGB_ALPHA};
    png_init_io(png, fp);
    png_set_compression_level(png, level);
    // At the fast levels, skip libpng's per-row trial of every filter: SUB alone is nearly as small.
    if (level <= 2) png_set_filter(png, 0, PNG_FILTER_SUB);
    png_set_IHDR(png, info, (png_uint_32)in->width, (png_uint_32)in->height, in->bitDepth, types[in->channels - 1],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_sRGB_gAMA_and_cHRM(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
    png_write_info(png, info);
    if (in->bitDepth == 16) png_set_swap(png);
    size_t rowBytes = (size_t)in->width * in->channels * (in->bitDepth / 8);
    rows = malloc(sizeof(png_bytep) * in->height);
    if (!rows) png_error(png, "out of memory");
    for (int y = 0; y < in->height; y++) rows[y] = (png_bytep)in->data + y * rowBytes;
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    if (fclose(fp) != 0) {
        bl_set_error(err, errlen, "PNG write failed: disk full or I/O error");
        return 1;
    }
    return 0;
}
