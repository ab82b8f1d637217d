// A thin shim over OpenEXR's C++ API: read any scanline/tiled file into float planes, write half/float.
#include "bl_exr.h"

#include <ImfBoxAttribute.h>
#include <ImfChannelList.h>
#include <ImfChannelListAttribute.h>
#include <ImfChromaticitiesAttribute.h>
#include <ImfCompressionAttribute.h>
#include <ImfDoubleAttribute.h>
#include <ImfFloatAttribute.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfIntAttribute.h>
#include <ImfLineOrderAttribute.h>
#include <ImfMatrixAttribute.h>
#include <ImfMultiPartInputFile.h>
#include <ImfOutputFile.h>
#include <ImfRationalAttribute.h>
#include <ImfStandardAttributes.h>
#include <ImfStringAttribute.h>
#include <ImfStringVectorAttribute.h>
#include <ImfThreading.h>
#include <ImfTileDescriptionAttribute.h>
#include <ImfTimeCodeAttribute.h>
#include <ImfVecAttribute.h>
#include <ImfVersion.h>
#include <half.h>
#include <openexr.h>
#include <sys/stat.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BL_HAVE_F16C_PATH 1
#endif

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <sstream>
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace {

void setError(char *err, size_t errlen, const char *message) {
    if (err && errlen > 0) {
        std::snprintf(err, errlen, "%s", message);
    }
}

void copyString(const std::string &s, char *out, size_t len) {
    if (out && len > 0) {
        std::snprintf(out, len, "%s", s.c_str());
    }
}

const char *pixelTypeName(Imf::PixelType t) {
    switch (t) {
    case Imf::UINT: return "32-bit unsigned integer";
    case Imf::HALF: return "16-bit floating-point";
    case Imf::FLOAT: return "32-bit floating-point";
    default: return "unknown";
    }
}

const char *compressionName(Imf::Compression c) {
    switch (c) {
    case Imf::NO_COMPRESSION: return "none";
    case Imf::RLE_COMPRESSION: return "run-length encoding";
    case Imf::ZIPS_COMPRESSION: return "zip, individual scanlines";
    case Imf::ZIP_COMPRESSION: return "zip, multi-scanline blocks";
    case Imf::PIZ_COMPRESSION: return "piz";
    case Imf::PXR24_COMPRESSION: return "pxr24";
    case Imf::B44_COMPRESSION: return "b44";
    case Imf::B44A_COMPRESSION: return "b44a";
    case Imf::DWAA_COMPRESSION: return "dwa, small scanline blocks";
    case Imf::DWAB_COMPRESSION: return "dwa, medium scanline blocks";
    default: return "unknown";
    }
}

// Formats an attribute value the way exrheader prints it, for the common types.
std::string formatValue(const Imf::Attribute &a) {
    std::ostringstream s;
    if (auto *v = dynamic_cast<const Imf::Box2iAttribute *>(&a)) {
        const auto &b = v->value();
        s << "(" << b.min.x << " " << b.min.y << ") - (" << b.max.x << " " << b.max.y << ")";
    } else if (auto *v = dynamic_cast<const Imf::Box2fAttribute *>(&a)) {
        const auto &b = v->value();
        s << "(" << b.min.x << " " << b.min.y << ") - (" << b.max.x << " " << b.max.y << ")";
    } else if (auto *v = dynamic_cast<const Imf::ChannelListAttribute *>(&a)) {
        for (auto i = v->value().begin(); i != v->value().end(); ++i) {
            s << "\n    " << i.name() << ", " << pixelTypeName(i.channel().type) << ", sampling "
              << i.channel().xSampling << " " << i.channel().ySampling;
            if (i.channel().pLinear) s << ", plinear";
        }
    } else if (auto *v = dynamic_cast<const Imf::CompressionAttribute *>(&a)) {
        s << compressionName(v->value());
    } else if (auto *v = dynamic_cast<const Imf::LineOrderAttribute *>(&a)) {
        switch (v->value()) {
        case Imf::INCREASING_Y: s << "increasing y"; break;
        case Imf::DECREASING_Y: s << "decreasing y"; break;
        case Imf::RANDOM_Y: s << "random y"; break;
        default: s << "unknown"; break;
        }
    } else if (auto *v = dynamic_cast<const Imf::ChromaticitiesAttribute *>(&a)) {
        const auto &c = v->value();
        s << "\n    red   (" << c.red.x << " " << c.red.y << ")\n    green (" << c.green.x << " " << c.green.y
          << ")\n    blue  (" << c.blue.x << " " << c.blue.y << ")\n    white (" << c.white.x << " "
          << c.white.y << ")";
    } else if (auto *v = dynamic_cast<const Imf::FloatAttribute *>(&a)) {
        s << v->value();
    } else if (auto *v = dynamic_cast<const Imf::DoubleAttribute *>(&a)) {
        s << v->value();
    } else if (auto *v = dynamic_cast<const Imf::IntAttribute *>(&a)) {
        s << v->value();
    } else if (auto *v = dynamic_cast<const Imf::StringAttribute *>(&a)) {
        s << "\"" << v->value() << "\"";
    } else if (auto *v = dynamic_cast<const Imf::StringVectorAttribute *>(&a)) {
        for (const auto &e : v->value()) s << "\n    \"" << e << "\"";
    } else if (auto *v = dynamic_cast<const Imf::V2fAttribute *>(&a)) {
        s << "(" << v->value().x << " " << v->value().y << ")";
    } else if (auto *v = dynamic_cast<const Imf::V2iAttribute *>(&a)) {
        s << "(" << v->value().x << " " << v->value().y << ")";
    } else if (auto *v = dynamic_cast<const Imf::V3fAttribute *>(&a)) {
        s << "(" << v->value().x << " " << v->value().y << " " << v->value().z << ")";
    } else if (auto *v = dynamic_cast<const Imf::RationalAttribute *>(&a)) {
        s << v->value().n << "/" << v->value().d << " (" << double(v->value()) << ")";
    } else if (auto *v = dynamic_cast<const Imf::TileDescriptionAttribute *>(&a)) {
        const auto &t = v->value();
        s << "\n    " << (t.mode == Imf::ONE_LEVEL ? "single level" : t.mode == Imf::MIPMAP_LEVELS ? "mip-map" : "rip-map")
          << "\n    tile size " << t.xSize << " by " << t.ySize << " pixels";
    } else if (auto *v = dynamic_cast<const Imf::TimeCodeAttribute *>(&a)) {
        const auto &t = v->value();
        char buf[64];
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d:%02d", t.hours(), t.minutes(), t.seconds(), t.frame());
        s << buf;
    } else {
        s << "(" << a.typeName() << " value)";
    }
    return s.str();
}

} // namespace

struct BLEXRFile {
    std::unique_ptr<Imf::InputFile> input;
    Imf::Header header;   // part 0's header as stored (InputFile's copy drops `type` and friends)
    int parts = 1;
    int version = 2;
    int flags = 0;
};

extern "C" {

void bl_exr_set_threads(int threads) {
    Imf::setGlobalThreadCount(threads);
}

/// Checks what OpenEXR's C++ classes would trust before they allocate by it: the headers parse (through the
/// Core library, which reads no chunk table), and the file is long enough for the chunk offset tables the
/// headers imply. A few bytes declaring a data window of a billion lines would otherwise make OpenEXR
/// allocate and fill gigabytes for an offset table before finding the file ends.
static bool precheck(const char *path, char *err, size_t errlen) {
    exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
    init.error_handler_fn = [](exr_const_context_t, exr_result_t, const char *) {};
    init.flags |= EXR_CONTEXT_FLAG_SILENT_HEADER_PARSE | EXR_CONTEXT_FLAG_STRICT_HEADER;
    exr_context_t ctx = nullptr;
    exr_result_t rv = exr_start_read(&ctx, path, &init);
    if (rv != EXR_ERR_SUCCESS) {
        if (ctx) exr_finish(&ctx);
        ctx = nullptr;
        std::string message = std::string("header: ") + exr_get_default_error_message(rv);
        // When the size is what is wrong, say so: find part 0's dataWindow attribute in the header bytes.
        if (FILE *fp = std::fopen(path, "rb")) {
            std::vector<char> head(65536);
            size_t got = std::fread(head.data(), 1, head.size(), fp);
            std::fclose(fp);
            static const char key[] = "dataWindow\0box2i\0";
            auto at = std::search(head.begin(), head.begin() + got, key, key + sizeof key - 1);
            if (at != head.begin() + got && size_t(at - head.begin()) + sizeof key - 1 + 20 <= got) {
                int32_t box[4];
                std::memcpy(box, &*(at + sizeof key - 1 + 4), sizeof box);  // little-endian, as EXR stores it
                long long w = (long long)box[2] - box[0] + 1, h = (long long)box[3] - box[1] + 1;
                if (w <= 0 || h <= 0 || w > 1000000 || h > 1000000) {
                    char text[200];
                    std::snprintf(text, sizeof text, "header: its data window is %lldx%lld pixels, beyond what Backlot reads", w, h);
                    message = text;
                }
            }
        }
        if (ctx) exr_finish(&ctx);
        setError(err, errlen, message.c_str());
        return false;
    }
    int parts = 0;
    long long chunks = 0;
    exr_get_count(ctx, &parts);
    for (int p = 0; p < parts; p++) {
        int32_t count = 0;
        if (exr_get_chunk_count(ctx, p, &count) == EXR_ERR_SUCCESS && count > 0) chunks += count;
    }
    exr_finish(&ctx);
    struct stat st;
    if (stat(path, &st) == 0 && chunks * 8 > (long long)st.st_size) {
        char message[256];
        std::snprintf(message, sizeof message,
                      "truncated: its headers declare %lld chunks, whose offset table alone needs %lld bytes, but the file has %lld",
                      chunks, chunks * 8, (long long)st.st_size);
        setError(err, errlen, message);
        return false;
    }
    return true;
}

BLEXRFile *bl_exr_open(const char *path, char *err, size_t errlen) {
    if (!precheck(path, err, errlen)) return nullptr;
    try {
        auto file = std::make_unique<BLEXRFile>();
        {
            // Read the version word and the part count before committing to part 0.
            Imf::MultiPartInputFile multi(path, 0);
            file->parts = multi.parts();
            file->header = multi.header(0);
        }
        file->input = std::make_unique<Imf::InputFile>(path, Imf::globalThreadCount());
        int v = file->input->version();
        file->version = Imf::getVersion(v);
        file->flags = Imf::getFlags(v);
        return file.release();
    } catch (const std::exception &e) {
        setError(err, errlen, e.what());
        return nullptr;
    }
}

void bl_exr_close(BLEXRFile *file) { delete file; }

void bl_exr_header(const BLEXRFile *file, BLEXRHeader *out) {
    const Imf::Header &h = file->input->header();
    std::memset(out, 0, sizeof *out);
    out->dataMinX = h.dataWindow().min.x;
    out->dataMinY = h.dataWindow().min.y;
    out->dataMaxX = h.dataWindow().max.x;
    out->dataMaxY = h.dataWindow().max.y;
    out->displayMinX = h.displayWindow().min.x;
    out->displayMinY = h.displayWindow().min.y;
    out->displayMaxX = h.displayWindow().max.x;
    out->displayMaxY = h.displayWindow().max.y;
    int n = 0;
    for (auto i = h.channels().begin(); i != h.channels().end(); ++i) n++;
    out->channelCount = n;
    out->compression = h.compression();
    out->tiled = h.hasTileDescription() ? 1 : 0;
    if (h.hasTileDescription()) {
        out->tileWidth = h.tileDescription().xSize;
        out->tileHeight = h.tileDescription().ySize;
    }
    out->lineOrder = h.lineOrder();
    out->partCount = file->parts;
    if (Imf::hasChromaticities(h)) {
        const auto &c = Imf::chromaticities(h);
        out->hasChromaticities = 1;
        float values[8] = {c.red.x, c.red.y, c.green.x, c.green.y, c.blue.x, c.blue.y, c.white.x, c.white.y};
        std::memcpy(out->chromaticities, values, sizeof values);
    }
    int count = 0;
    for (auto i = file->header.begin(); i != file->header.end(); ++i) count++;
    out->attributeCount = count;
    out->version = file->version;
    out->flags = file->flags;
}

int bl_exr_channel(const BLEXRFile *file, int index, char *name, size_t namelen,
                   int *pixelType, int *xSampling, int *ySampling) {
    const auto &channels = file->input->header().channels();
    int k = 0;
    for (auto i = channels.begin(); i != channels.end(); ++i, ++k) {
        if (k == index) {
            copyString(i.name(), name, namelen);
            *pixelType = i.channel().type;
            *xSampling = i.channel().xSampling;
            *ySampling = i.channel().ySampling;
            return 0;
        }
    }
    return 1;
}

int bl_exr_attribute(const BLEXRFile *file, int index, char *name, size_t namelen,
                     char *type, size_t typelen, char *value, size_t valuelen) {
    const Imf::Header &h = file->header;
    int k = 0;
    for (auto i = h.begin(); i != h.end(); ++i, ++k) {
        if (k == index) {
            copyString(i.name(), name, namelen);
            copyString(i.attribute().typeName(), type, typelen);
            copyString(formatValue(i.attribute()), value, valuelen);
            return 0;
        }
    }
    return 1;
}

int bl_exr_read(BLEXRFile *file, const int *channelIndices, float *const *planes, int count,
                char *err, size_t errlen) {
    try {
        const Imf::Header &h = file->input->header();
        const auto &dw = h.dataWindow();
        const long width = long(dw.max.x) - dw.min.x + 1;
        std::vector<std::string> names;
        for (auto i = h.channels().begin(); i != h.channels().end(); ++i) names.push_back(i.name());
        Imf::FrameBuffer fb;
        for (int k = 0; k < count; k++) {
            int c = channelIndices[k];
            if (c < 0 || c >= int(names.size())) {
                setError(err, errlen, "channel index out of range");
                return 1;
            }
            // Slices are addressed in data-window coordinates: shift the base so (min.x, min.y) is element 0.
            char *base = reinterpret_cast<char *>(planes[k]) -
                         (long(dw.min.x) + long(dw.min.y) * width) * long(sizeof(float));
            fb.insert(names[c], Imf::Slice(Imf::FLOAT, base, sizeof(float), sizeof(float) * width, 1, 1, 0.0));
        }
        file->input->setFrameBuffer(fb);
        file->input->readPixels(dw.min.y, dw.max.y);
        if (!file->input->isComplete()) {
            setError(err, errlen, "file is incomplete (truncated)");
            return 1;
        }
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, e.what());
        return 1;
    }
}

/// The largest finite half. Values beyond it are stored as it (with the sign), not as infinity: a hot pixel
/// stays a very bright pixel. NaN stays NaN.
static const float kHalfMax = 65504.0f;

/// Converts floats (times `alpha` when given) to half, round to nearest even like Imath's `half(float)`,
/// clamped to ±65504: with the CPU's F16C instructions eight at a time where it has them (x86-64 since
/// 2012), else one by one. Adds the number of clamped samples to `*clamped`.
#if BL_HAVE_F16C_PATH
__attribute__((target("avx,f16c,popcnt")))
static long toHalfF16C(const float *src, const float *alpha, half *dst, long n, long *clamped) {
    long i = 0, count = 0;
    const __m256 hi = _mm256_set1_ps(kHalfMax), lo = _mm256_set1_ps(-kHalfMax);
    const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(src + i);
        if (alpha) v = _mm256_mul_ps(v, _mm256_loadu_ps(alpha + i));
        count += __builtin_popcount(_mm256_movemask_ps(_mm256_cmp_ps(_mm256_and_ps(v, absMask), hi, _CMP_GT_OQ)));
        v = _mm256_max_ps(lo, _mm256_min_ps(hi, v));  // NaN passes through: min/max return their second operand
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + i), _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
    }
    *clamped += count;
    return i;
}
#endif

static inline half clampedHalf(float v, long &count) {
    if (std::fabs(v) > kHalfMax) {
        count++;
        return half(std::copysign(kHalfMax, v));
    }
    return half(v);
}

static void toHalf(const float *src, const float *alpha, half *dst, long n, long *clamped) {
    long i = 0, count = 0;
#if BL_HAVE_F16C_PATH
    static const bool f16c = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
    if (f16c) i = toHalfF16C(src, alpha, dst, n, &count);
#endif
    if (alpha) {
        for (; i < n; i++) dst[i] = clampedHalf(src[i] * alpha[i], count);
    } else {
        for (; i < n; i++) dst[i] = clampedHalf(src[i], count);
    }
    *clamped += count;
}

int bl_exr_write(const char *path, const BLEXRWriteRequest *r, char *err, size_t errlen) {
    try {
        Imath::Box2i data(Imath::V2i(r->dataMinX, r->dataMinY), Imath::V2i(r->dataMaxX, r->dataMaxY));
        Imath::Box2i display(Imath::V2i(r->displayMinX, r->displayMinY),
                             Imath::V2i(r->displayMaxX, r->displayMaxY));
        Imf::Header header(display, data, 1.0f, Imath::V2f(0, 0), 1.0f, Imf::INCREASING_Y,
                           Imf::Compression(r->compression));
        if (r->chromaticities) {
            const float *c = r->chromaticities;
            Imf::addChromaticities(header, Imf::Chromaticities(Imath::V2f(c[0], c[1]), Imath::V2f(c[2], c[3]),
                                                                Imath::V2f(c[4], c[5]), Imath::V2f(c[6], c[7])));
        }
        for (int i = 0; i < r->stringAttributeCount; i++) {
            // OpenEXR's standard numeric attributes keep their standard type, so that readers find them.
            const std::string name = r->stringAttributeNames[i];
            const char *text = r->stringAttributeValues[i];
            char *end = nullptr;
            const float number = std::strtof(text, &end);
            const bool numeric = end != text && *end == '\0' && std::isfinite(number);
            if (numeric && (name == "isoSpeed" || name == "expTime" || name == "aperture" || name == "focus")) {
                header.insert(name, Imf::FloatAttribute(number));
            } else {
                header.insert(name, Imf::StringAttribute(text));
            }
        }
        const long width = long(r->dataMaxX) - r->dataMinX + 1;
        const long height = long(r->dataMaxY) - r->dataMinY + 1;
        for (int c = 0; c < r->channelCount; c++) {
            header.channels().insert(r->channelNames[c], Imf::Channel(r->pixelTypes[c] == BL_EXR_HALF ? Imf::HALF : Imf::FLOAT));
        }
        Imf::OutputFile out(path, header, Imf::globalThreadCount());
        // OutputFile does not convert float to half, and premultiplying needs a copy too: such channels are
        // converted a band of rows at a time into small buffers (a whole-frame copy of every channel would
        // cost more in fresh memory than the conversion itself). Untouched float channels are read in place.
        const long band = std::min(height, 256L);
        std::atomic<long> clampedTotal{0};
        std::vector<std::vector<char>> buffers(r->channelCount);
        for (int c = 0; c < r->channelCount; c++) {
            const bool premultiplied = r->premultiplyBy && c < r->premultiplyCount;
            if (r->pixelTypes[c] == BL_EXR_HALF) buffers[c].resize(size_t(band * width) * sizeof(half));
            else if (premultiplied) buffers[c].resize(size_t(band * width) * sizeof(float));
        }
        for (long y0 = 0; y0 < height; y0 += band) {
            const long rows = std::min(band, height - y0);
            const long count = rows * width, first = y0 * width;
            // Slices are addressed by absolute pixel coordinates: (dataMinX, dataMinY + y0) is the band's start.
            const long origin = long(r->dataMinX) + (long(r->dataMinY) + y0) * width;
            // Each band is converted on OpenEXR's worker count of threads, then compressed by its pool.
            const long parts = std::max(1, std::min(Imf::globalThreadCount(), int(rows)));
            auto convert = [&](long b, long e) {
                long count = 0;
                for (int c = 0; c < r->channelCount; c++) {
                    const float *src = r->planes[c] + first;
                    const float *alpha = (r->premultiplyBy && c < r->premultiplyCount) ? r->premultiplyBy + first : nullptr;
                    if (r->pixelTypes[c] == BL_EXR_HALF) {
                        toHalf(src + b, alpha ? alpha + b : nullptr, reinterpret_cast<half *>(buffers[c].data()) + b, e - b, &count);
                    } else if (alpha) {
                        float *dst = reinterpret_cast<float *>(buffers[c].data());
                        for (long i = b; i < e; i++) dst[i] = src[i] * alpha[i];
                    }
                }
                clampedTotal += count;
            };
            std::vector<std::thread> workers;
            for (long k = 1; k < parts; k++) workers.emplace_back([=] { convert(count * k / parts, count * (k + 1) / parts); });
            convert(0, count / parts);
            for (auto &t : workers) t.join();
            Imf::FrameBuffer fb;
            for (int c = 0; c < r->channelCount; c++) {
                const bool premultiplied = r->premultiplyBy && c < r->premultiplyCount;
                if (r->pixelTypes[c] == BL_EXR_HALF) {
                    fb.insert(r->channelNames[c], Imf::Slice(Imf::HALF, buffers[c].data() - origin * long(sizeof(half)),
                                                             sizeof(half), sizeof(half) * width));
                } else {
                    const char *plane = premultiplied ? buffers[c].data() : reinterpret_cast<const char *>(r->planes[c] + first);
                    fb.insert(r->channelNames[c], Imf::Slice(Imf::FLOAT, const_cast<char *>(plane) - origin * long(sizeof(float)),
                                                             sizeof(float), sizeof(float) * width));
                }
            }
            out.setFrameBuffer(fb);
            out.writePixels(int(rows));
        }
        if (r->clampedCount) *r->clampedCount = clampedTotal.load();
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, e.what());
        return 1;
    }
}

} // extern "C"
