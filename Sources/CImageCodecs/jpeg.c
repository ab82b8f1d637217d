#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} jpeg_error_context;

static void on_jpeg_error(j_common_ptr cinfo) {
    jpeg_error_context *ctx = (jpeg_error_context *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, ctx->message);
    longjmp(ctx->jump, 1);
}

static void on_jpeg_message(j_common_ptr cinfo, int level) { (void)cinfo; (void)level; }

/// While decoding, a warning that means rows are missing or damaged stops the read: libjpeg would fill the
/// rest with grey and carry on. Harmless warnings (extraneous bytes between markers) are ignored.
static void on_jpeg_decode_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;
    jpeg_error_context *ctx = (jpeg_error_context *)cinfo->err;
    int code = cinfo->err->msg_code;
    if (code != JWRN_JPEG_EOF && code != JWRN_HIT_MARKER && code != JWRN_MUST_RESYNC) return;
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (code == JWRN_JPEG_EOF && d->output_height == 0) {
        snprintf(ctx->message, sizeof ctx->message, "truncated: the data ends inside the header");
    } else if (code == JWRN_JPEG_EOF) {
        snprintf(ctx->message, sizeof ctx->message, "truncated: the data ends after row %u of %u",
                 d->output_scanline, d->output_height);
    } else {
        (*cinfo->err->format_message)(cinfo, ctx->message);
    }
    longjmp(ctx->jump, 1);
}

int bl_jpeg_read(const char *path, BLRaster *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp) { bl_set_error(err, errlen, "cannot open file"); return 1; }
    struct jpeg_decompress_struct cinfo;
    jpeg_error_context ctx;
    unsigned char *volatile data = NULL;
    cinfo.err = jpeg_std_error(&ctx.base);
    ctx.base.error_exit = on_jpeg_error;
    ctx.base.emit_message = on_jpeg_decode_message;
    if (setjmp(ctx.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(data);
        fclose(fp);
        bl_set_error(err, errlen, "corrupt JPEG: %s", ctx.message);
        return 1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, fp);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        jpeg_destroy_decompress(&cinfo);
        fclose(fp);
        bl_set_error(err, errlen, "CMYK JPEG is not supported");
        return 1;
    }
    cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&cinfo);
    int channels = cinfo.output_components;
    if (bl_check_size(cinfo.output_width, cinfo.output_height, channels, err, errlen)) {
        jpeg_destroy_decompress(&cinfo);
        fclose(fp);
        return 1;
    }
    size_t rowBytes = (size_t)cinfo.output_width * channels;
    data = malloc(rowBytes * cinfo.output_height);
    if (!data) {
        jpeg_destroy_decompress(&cinfo);
        fclose(fp);
        bl_set_error(err, errlen, "out of memory");
        return 1;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = data + cinfo.output_scanline * rowBytes;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    out->width = (int)cinfo.output_width;
    out->height = (int)cinfo.output_height;
    out->channels = channels;
    out->bitDepth = 8;
    out->data = data;
    jpeg_destroy_decompress(&cinfo);
    fclose(fp);
    return 0;
}

int bl_jpeg_write(const char *path, const BLRaster *in, int quality, char *err, size_t errlen) {
    if (in->bitDepth != 8 || (in->channels != 1 && in->channels != 3)) {
        bl_set_error(err, errlen, "JPEG holds 8-bit gray or RGB");
        return 1;
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) { bl_set_error(err, errlen, "cannot create file"); return 1; }
    struct jpeg_compress_struct cinfo;
    jpeg_error_context ctx;
    cinfo.err = jpeg_std_error(&ctx.base);
    ctx.base.error_exit = on_jpeg_error;
    ctx.base.emit_message = on_jpeg_message;
    if (setjmp(ctx.jump)) {
        jpeg_destroy_compress(&cinfo);
        fclose(fp);
        bl_set_error(err, errlen, "JPEG write failed: %s", ctx.message);
        return 1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, fp);
    cinfo.image_width = (JDIMENSION)in->width;
    cinfo.image_height = (JDIMENSION)in->height;
    cinfo.input_components = in->channels;
    cinfo.in_color_space = in->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t rowBytes = (size_t)in->width * in->channels;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)in->data + cinfo.next_scanline * rowBytes;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    if (fclose(fp) != 0) { bl_set_error(err, errlen, "JPEG write failed: I/O error"); return 1; }
    return 0;
}
