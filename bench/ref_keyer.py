"""Classical reference keyer: local backing + colour-difference unmix + refinement.

A benchmark peer showing what a plain, honest keyer of a few hundred lines does on the same plates and hints
as Backlot. It has no learning and no global optimisation:

1. screen: the key channel and a typical screen colour, picked from clearly screen-hued pixels outside the hint;
2. local backing: the clean screen behind every pixel: a smooth quadratic surface through the pixels that look
   like clean screen, plus their local departures from it by normalized convolution (two passes: a chroma test,
   then a colour-difference test against the first backing);
3. alpha: the colour difference of the pixel over that of its local backing;
4. refinement: a small guided filter, noise-floor clipping at both ends and removal of small islands;
5. foreground: unmix against the backing, blended towards nearby solid colour where alpha is small, and a
   gentle despill at partial alpha.

The hint picks the screen colour and nothing else by default: it never crops the matte.

Usage: python3 bench/ref_keyer.py PLATE.exr HINT.png OUTDIR   (prints the compute seconds)
"""
import sys
import time

import numpy as np
from scipy import ndimage

import peers

LUMA = np.array([0.2126, 0.7152, 0.0722])


# ---------------------------------------------------------------------------------------------- filters

def _upsample(small, f, h, w):
    """Bilinear resize of a block-averaged grid (factor f) back to h x w, sampling at pixel centres."""
    def taps(n, m):
        pos = np.clip((np.arange(n) + 0.5) / f - 0.5, 0, m - 1)
        i0 = np.floor(pos).astype(int)
        return i0, np.minimum(i0 + 1, m - 1), pos - i0
    extra = (1,) * (small.ndim - 2)
    y0, y1, ty = taps(h, small.shape[0])
    rows = small[y0] * (1 - ty).reshape(-1, 1, *extra) + small[y1] * ty.reshape(-1, 1, *extra)
    x0, x1, tx = taps(w, small.shape[1])
    return rows[:, x0] * (1 - tx).reshape(1, -1, *extra) + rows[:, x1] * tx.reshape(1, -1, *extra)


def blur(x, sigma):
    """Gaussian blur over the two image axes (any trailing channel axes are left alone).

    Wide blurs run on a block-averaged grid, so that a backing at a quarter of the frame stays cheap; the
    result is smooth anyway, which is all a backing needs."""
    f = int(sigma // 4)
    spatial = lambda s: (s, s) + (0,) * (x.ndim - 2)
    if f < 2:
        return ndimage.gaussian_filter(x, spatial(sigma), mode="nearest")
    h, w = x.shape[:2]
    pad = ((0, -h % f), (0, -w % f)) + ((0, 0),) * (x.ndim - 2)
    xp = np.pad(x, pad, mode="edge")
    small = xp.reshape(xp.shape[0] // f, f, xp.shape[1] // f, f, *x.shape[2:]).mean((1, 3))
    small = ndimage.gaussian_filter(small, spatial(sigma / f), mode="nearest")
    return _upsample(small, f, h, w)


def normalized_fill(values, weight, sigma, levels=(1, 4, 16), min_weight=0.05, base=None):
    """Weighted local mean of `values` (HxWxC) by normalized convolution, blur(w*v) / blur(w).

    Starts from `base` (default: the global weighted mean) and refines from coarse to fine scales; each finer
    scale takes over where its blurred weight is at least `min_weight`, with a linear blend below that."""
    if base is None:
        total = max(weight.sum(), 1e-12)
        base = np.broadcast_to((values * weight[..., None]).sum((0, 1)) / total, values.shape)
    result = base
    for k in reversed(levels):
        num = blur(values * weight[..., None], sigma * k)
        den = blur(weight, sigma * k)
        estimate = num / np.maximum(den, 1e-12)[..., None]
        t = np.clip(den / min_weight, 0, 1)[..., None]
        result = t * estimate + (1 - t) * result
    return result


def surface_fit(values, mask, degree=2, samples=20000):
    """Least-squares polynomial surface (in x, y) through `values` at `mask`: the screen's broad shading."""
    h, w = mask.shape
    y, x = np.mgrid[0:h, 0:w]
    x, y = x / w - 0.5, y / h - 0.5
    powers = [(i, j) for i in range(degree + 1) for j in range(degree + 1 - i)]
    basis = lambda sel: np.stack([x[sel] ** i * y[sel] ** j for i, j in powers], -1)
    idx = np.flatnonzero(mask)
    if idx.size < len(powers) * 10:
        return np.broadcast_to(np.median(values.reshape(-1, values.shape[-1]), 0), values.shape)
    idx = idx[np.linspace(0, idx.size - 1, min(samples, idx.size)).astype(int)]
    sel = np.unravel_index(idx, mask.shape)
    coef, *_ = np.linalg.lstsq(basis(sel), values[sel], rcond=None)
    return (basis(np.ones(mask.shape, bool)) @ coef).reshape(values.shape)


def fit_backing(img, clean, sigma):
    """Screen behind every pixel: a smooth surface through the clean screen, plus the local departures from
    it by normalized convolution (which fade back to the surface where there is no clean screen nearby)."""
    surface = surface_fit(img, clean)
    residual = normalized_fill(img - surface, clean.astype(np.float64), sigma, levels=(1, 4),
                               base=np.zeros_like(img))
    return surface + residual


def guided_filter(guide, p, radius, eps):
    """He et al.'s guided filter with a grey guide: q is locally a linear function of the guide."""
    box = lambda x: ndimage.uniform_filter(x, 2 * radius + 1, mode="nearest")
    mean_i, mean_p = box(guide), box(p)
    var_i = box(guide * guide) - mean_i ** 2
    cov_ip = box(guide * p) - mean_i * mean_p
    a = cov_ip / (var_i + eps)
    b = mean_p - a * mean_i
    return box(a) * guide + box(b)


def robust_sigma(x):
    """Standard deviation from the median absolute deviation (ignores the odd subject pixel)."""
    return 1.4826 * np.median(np.abs(x - np.median(x))) if x.size else 0.0


# ---------------------------------------------------------------------------------------------- keyer

def key_difference(img, key, others):
    """How much the key channel exceeds the larger of the two others."""
    return img[..., key] - img[..., others].max(-1)


def pick_screen(img, hint):
    """Key channel and typical screen colour, from clearly screen-hued pixels the hint calls background."""
    outside = img[hint < 0.5]
    if len(outside) < 100:  # a hint that covers the frame: use the whole plate
        outside = img.reshape(-1, 3)
    key = 1 if np.median(outside[:, 1]) >= np.median(outside[:, 2]) else 2
    others = [c for c in range(3) if c != key]
    hued = outside[key_difference(outside, key, others) > 0.4 * outside[:, key]]
    colour = np.median(hued if len(hued) > 100 else outside, 0)
    return key, others, colour


def reference(plate, hint_path, out, lift=False):
    """Keys `plate` (linear EXR) into out/fg.exr and out/matte.exr; returns the compute seconds (no I/O).

    lift: let the hint raise mostly-opaque alpha to 1 in its deep interior. Off by default: on the synthetic
    plates (smoke, glass, hair) it made every score worse, since those interiors hold true partial alpha."""
    img = peers.read_exr(plate, "RGB").astype(np.float64)
    hint = peers.read_hint(hint_path)
    t0 = time.perf_counter()
    h = img.shape[0]
    scale = h / 1080

    # 1. Screen colour and key channel (the only use of the hint in the colour pick).
    key, others, screen = pick_screen(img, hint)
    diff = key_difference(img, key, others)
    chroma = img / np.maximum(img.sum(-1), 1e-6)[..., None]
    screen_chroma = screen / screen.sum()

    # 2. Local backing. First pass: pixels that are screen-hued with the screen's chroma, anywhere in the frame.
    sigma = 0.015 * h
    clean = (diff > 0.4 * img[..., key]) & (np.linalg.norm(chroma - screen_chroma, axis=-1) < 0.04)
    backing = fit_backing(img, clean, sigma)

    def colour_alpha(backing):
        """1 - (pixel's key difference) / (backing's key difference), unclipped."""
        return 1 - diff / np.maximum(key_difference(backing, key, others), 1e-4)

    # Second pass: whatever keys out as (near) clean screen against that backing, measured on a lightly
    # averaged alpha so that noise does not decide; then refit the backing on that set.
    raw = colour_alpha(backing)
    noise = robust_sigma(raw[clean])
    smooth = ndimage.uniform_filter(raw, 3, mode="nearest")
    clean = smooth < max(0.02, noise)
    backing = fit_backing(img, clean, sigma)

    # 3. Alpha from the colour difference against the local backing.
    # Kept unclipped (within reason) until after the filter, so that the screen's noise averages out to 0
    # instead of being rectified into a positive haze.
    alpha = np.clip(colour_alpha(backing), -0.5, 1)
    if lift:
        # The hint only lifts: in its deep interior, pixels already mostly opaque go to 1 (a green costume,
        # a reflection of the screen). Nothing outside the hint is ever cut.
        depth = ndimage.distance_transform_edt(hint > 0.5)
        inside = np.clip((depth - 0.03 * h) / (0.03 * h), 0, 1)
        alpha = np.maximum(alpha, inside * np.clip((alpha - 0.5) / 0.3, 0, 1))

    # 4. Refinement: a guided filter (guide: the plate's luminance, small radius, eps a few times the luminance
    # noise, so flat screen is averaged while edges that show in the plate stay sharp).
    luma = img @ LUMA
    radius = max(1, int(round(2 * scale)))
    lnoise = robust_sigma(luma[clean] - ndimage.uniform_filter(luma, 3)[clean])
    alpha = guided_filter(luma, alpha, radius, eps=(3 * max(lnoise, 1e-4)) ** 2)
    # Noise floor: 2.5 sigma of the filtered alpha on clean screen (robust, so the screen's seams and marks do
    # not inflate it). Below it alpha goes to 0, within a sigma of 1 it goes to 1; a soft threshold (zero up
    # to lo, then a ramp to meet the identity at 2 lo) keeps the matte continuous and leaves mid values alone.
    lo = min(2.5 * robust_sigma(alpha[clean]), 0.2)
    soft = lambda x: np.where(x < lo, 0, np.where(x < 2 * lo, 2 * (x - lo), x))
    alpha = np.clip(1 - soft(1 - soft(alpha)), 0, 1)
    # Small islands of non-zero alpha (noise clumps, screen blemishes) go.
    labels, n = ndimage.label(alpha > 0)
    if n:
        sizes = np.bincount(labels.ravel())
        small = sizes < 200 * scale * scale
        small[0] = False
        alpha[small[labels]] = 0

    # 5. Foreground: unmix against the backing. The unmixed colour's noise grows as 1/alpha, so below alpha 0.5
    # it is blended towards the nearby solid colour (normalized convolution weighted by alpha squared).
    a = alpha[..., None]
    fg = backing + (img - backing) / np.maximum(a, 1e-3)
    fill = normalized_fill(np.clip(fg, 0, None), alpha ** 2, 0.01 * h)
    trust = np.clip(a / 0.5, 0, 1)
    fg = np.clip(trust * fg + (1 - trust) * fill, 0, None)
    # Gentle despill, only at partial alpha: the key channel no higher than the larger of the two others.
    spill = (alpha < 1) & (fg[..., key] > fg[..., others].max(-1))
    fg[..., key] = np.where(spill, fg[..., others].max(-1), fg[..., key])

    seconds = time.perf_counter() - t0
    peers.write_result(out, fg.astype(np.float32), alpha.astype(np.float32))
    return seconds


if __name__ == "__main__":
    plate, hint, out = sys.argv[1:4]
    print(f"{reference(plate, hint, out):.3f}")
