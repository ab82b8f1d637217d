"""Peer keyers for the benchmark, run on the same plates and hints as Backlot.

Each peer reads the plate (linear EXR) and the hint (PNG), and writes a straight linear foreground
(fg.exr, R G B) and an alpha (matte.exr, A) that `backlot score` compares with the ground truth.
"""
import subprocess
import sys
import time

import numpy as np
import OpenEXR
import Imath

FLOAT = Imath.PixelType(Imath.PixelType.FLOAT)


def read_exr(path, channels):
    f = OpenEXR.InputFile(path)
    dw = f.header()["dataWindow"]
    w, h = dw.max.x - dw.min.x + 1, dw.max.y - dw.min.y + 1
    return np.stack([np.frombuffer(f.channel(c, FLOAT), np.float32).reshape(h, w) for c in channels], -1)


def write_exr(path, planes):
    """planes: dict name -> HxW float32."""
    h, w = next(iter(planes.values())).shape
    header = OpenEXR.Header(w, h)
    header["channels"] = {c: Imath.Channel(FLOAT) for c in planes}
    out = OpenEXR.OutputFile(path, header)
    out.writePixels({c: np.ascontiguousarray(p, np.float32).tobytes() for c, p in planes.items()})
    out.close()


def srgb_encode(x):
    x = np.clip(x, 0, None)
    return np.where(x <= 0.0031308, 12.92 * x, 1.055 * np.power(x, 1 / 2.4) - 0.055)


def srgb_decode(x):
    return np.where(x <= 0.04045, x / 12.92, np.power((x + 0.055) / 1.055, 2.4))


def read_hint(path):
    from PIL import Image
    im = np.asarray(Image.open(path).convert("L"), np.float64) / 255
    return srgb_decode(im)


def screen_colour(img, hint):
    """Median colour of the pixels the hint calls background (what a user would pick)."""
    sel = img[hint < 0.5]
    key = 1 if np.median(sel[:, 1]) >= np.median(sel[:, 2]) else 2
    return np.median(sel, 0), key


def write_result(out, fg, alpha):
    write_exr(out + "/fg.exr", {"R": fg[..., 0], "G": fg[..., 1], "B": fg[..., 2]})
    write_exr(out + "/matte.exr", {"A": alpha})


def closed_form(plate, hint_path, out, band=25):
    """pymatting closed-form matting; trimap from the hint by erosion/dilation of `band` pixels."""
    import pymatting
    from scipy import ndimage
    img = read_exr(plate, "RGB").astype(np.float64)
    hint = read_hint(hint_path) > 0.5
    scale = img.shape[0] / 1080
    r = max(1, int(round(band * scale)))
    structure = np.ones((3, 3), bool)
    fg = ndimage.binary_erosion(hint, structure, iterations=r)
    bg = ~ndimage.binary_dilation(hint, structure, iterations=r)
    trimap = np.full(hint.shape, 0.5)
    trimap[fg] = 1
    trimap[bg] = 0
    image = np.clip(srgb_encode(img), 0, 1)  # closed-form is used on display-referred images
    t = time.perf_counter()
    alpha = pymatting.estimate_alpha_cf(image, trimap)
    foreground = pymatting.estimate_foreground_ml(image, alpha)
    seconds = time.perf_counter() - t
    write_result(out, srgb_decode(np.clip(foreground, 0, 1)).astype(np.float32), np.clip(alpha, 0, 1).astype(np.float32))
    return seconds


def colour_difference(plate, hint_path, out):
    """IBK/Keylight-style colour-difference keyer with a picked screen colour, unmix and average despill."""
    img = read_exr(plate, "RGB").astype(np.float64)
    hint = read_hint(hint_path)
    c, key = screen_colour(img, hint)
    o = [0, 2] if key == 1 else [0, 1]
    t = time.perf_counter()
    d = img[..., key] - img[..., o].mean(-1)
    dc = c[key] - c[o].mean()
    alpha = np.clip(1 - d / dc, 0, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        fg = np.where(alpha[..., None] > 1e-3, (img - (1 - alpha[..., None]) * c) / alpha[..., None], 0)
    fg = np.clip(fg, 0, None)
    fg[..., key] = np.minimum(fg[..., key], fg[..., o].mean(-1))
    seconds = time.perf_counter() - t
    write_result(out, fg.astype(np.float32), alpha.astype(np.float32))
    return seconds


def ffmpeg_chromakey(plate, hint_path, out, similarity=0.12, blend=0.08):
    """FFmpeg's chromakey + despill filters on the 8-bit sRGB plate, colour picked from the hint's background."""
    from PIL import Image
    img = read_exr(plate, "RGB").astype(np.float64)
    hint = read_hint(hint_path)
    c, key = screen_colour(img, hint)
    code = np.clip(np.round(srgb_encode(c) * 255), 0, 255).astype(int)
    src = out + "/plate8.png"
    Image.fromarray(np.clip(np.round(srgb_encode(img) * 255), 0, 255).astype(np.uint8)).save(src)
    dst = out + "/keyed.png"
    t = time.perf_counter()
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", src, "-vf",
                    f"format=rgba,chromakey=color=0x{code[0]:02x}{code[1]:02x}{code[2]:02x}:similarity={similarity}:blend={blend},"
                    f"despill=type={'green' if key == 1 else 'blue'}", "-pix_fmt", "rgba", dst], check=True)
    seconds = time.perf_counter() - t
    rgba = np.asarray(Image.open(dst).convert("RGBA"), np.float64) / 255
    write_result(out, srgb_decode(rgba[..., :3]).astype(np.float32), rgba[..., 3].astype(np.float32))
    return seconds


if __name__ == "__main__":
    method, plate, hint, out = sys.argv[1:5]
    seconds = {"closed-form": closed_form, "colour-difference": colour_difference, "ffmpeg": ffmpeg_chromakey}[method](plate, hint, out)
    print(f"{seconds:.3f}")
