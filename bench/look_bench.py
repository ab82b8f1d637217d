"""Production boxes, learned looks: each camera's 33³ LUT learned from graded reference stills, against the two
baselines the issue names (per-channel curves and a Reinhard colour transfer), fitted on the same pairs and
judged on the same held-out frames, same run.

The show (`backlot synth --production`, 1080p by default): two cameras, each graded by its colourist with its own
look (a warm teal-and-orange grade and a cool, saturated, contrasty one; the truth is a 65³ LUT, finer than the
33³ a box learns), graded stills of every fourth frame as 8-bit PNG. The box gets the references of all takes
but the last, which is held out: its plates are graded with `backlot look` and compared with its references (CIEDE2000, mean
and 95th percentile per frame, averaged). The baselines are fitted here in NumPy on the very pixels of the
box's training pairs; the ΔE2000 is computed here too (independent of Backlot's). OpenColorIO applies the
learned .cube to the same plates, as a check that the file means what `backlot look` does.

    python3 bench/look_bench.py [--size 1920x1080] [--takes 5] [--frames 12] [--pairs 20] [--seed 2]

Writes the section "Production: learned looks" of bench/RESULTS.md.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import BACKLOT, OUT, update_section  # noqa: E402
from peers import read_exr, srgb_decode, srgb_encode  # noqa: E402

TO_AP1 = np.array([[0.6130973, 0.3395229, 0.0473793], [0.0701942, 0.9163556, 0.0134526], [0.0206156, 0.1095698, 0.8698151]])
TO_XYZ = np.array([[0.4123908, 0.3575843, 0.1804808], [0.2126390, 0.7151687, 0.0721923], [0.0193308, 0.1191948, 0.9505322]])
TO_LMS = np.array([[0.3811, 0.5783, 0.0402], [0.1967, 0.7244, 0.0782], [0.0241, 0.1288, 0.8444]])
TO_LAB = np.diag([1 / np.sqrt(3), 1 / np.sqrt(6), 1 / np.sqrt(2)]) @ np.array([[1, 1, 1], [1, 1, -2], [1, -1, 0]])


def run(args, env=None):
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr}")
    return r


def acescct(lin):
    lin = np.asarray(lin, np.float64)
    return np.where(lin <= 0.0078125, 10.5402377416545 * lin + 0.0729055341958355,
                    (np.log2(np.maximum(lin, 1e-10)) + 9.72) / 17.52)


def look_input(plate):
    return acescct(plate @ TO_AP1.T)


def read_png(path):
    return np.asarray(Image.open(path).convert("RGB"), np.float64) / 255


def lab(display):
    """CIELAB (D65) of display values (sRGB-encoded, 0-1)."""
    xyz = srgb_decode(np.clip(display, 0, 1)) @ TO_XYZ.T / TO_XYZ.sum(1)
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), xyz * (24389 / 27 / 116) + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def delta_e2000(lab1, lab2):
    L1, a1, b1 = np.moveaxis(lab1, -1, 0)
    L2, a2, b2 = np.moveaxis(lab2, -1, 0)
    cbar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(cbar ** 7 / (cbar ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1 = np.degrees(np.arctan2(b1, a1p)) % 360
    h2 = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = L2 - L1, c2 - c1
    dh = h2 - h1
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1 * c2 == 0, 0, dh)
    dH = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    lbar, cpbar = (L1 + L2) / 2, (c1 + c2) / 2
    hbar = np.where(np.abs(h1 - h2) <= 180, (h1 + h2) / 2, np.where(h1 + h2 < 360, (h1 + h2 + 360) / 2, (h1 + h2 - 360) / 2))
    hbar = np.where(c1 * c2 == 0, h1 + h2, hbar)
    t = (1 - 0.17 * np.cos(np.radians(hbar - 30)) + 0.24 * np.cos(np.radians(2 * hbar))
         + 0.32 * np.cos(np.radians(3 * hbar + 6)) - 0.20 * np.cos(np.radians(4 * hbar - 63)))
    dtheta = 30 * np.exp(-(((hbar - 275) / 25) ** 2))
    rc = 2 * np.sqrt(cpbar ** 7 / (cpbar ** 7 + 25.0 ** 7))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / np.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cpbar, 1 + 0.015 * cpbar * t
    rt = -np.sin(np.radians(2 * dtheta)) * rc
    return np.sqrt(np.maximum(0, (dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh)))


def summary(predicted, reference):
    d = delta_e2000(lab(predicted), lab(reference))
    return float(d.mean()), float(np.percentile(d, 95))


class Curves:
    """Per-channel curves: the mean graded value in each of 64 bins of the input, linearly interpolated."""
    def __init__(self, x, y, bins=64):
        self.centres, self.values = [], []
        for c in range(3):
            k = np.clip((x[:, c] * bins).astype(int), 0, bins - 1)
            n = np.bincount(k, minlength=bins)
            s = np.bincount(k, weights=y[:, c], minlength=bins)
            used = n > 0
            self.centres.append((np.arange(bins)[used] + 0.5) / bins)
            self.values.append(s[used] / n[used])

    def __call__(self, x):
        return np.stack([np.interp(x[..., c], self.centres[c], self.values[c]) for c in range(3)], -1)


class Reinhard:
    """Reinhard et al. 2001: means and deviations matched in lαβ (log LMS)."""
    @staticmethod
    def lalphabeta(rgb):
        return np.log10(np.maximum(rgb @ TO_LMS.T, 1e-5)) @ TO_LAB.T

    def __init__(self, plate, graded):
        s, t = self.lalphabeta(plate), self.lalphabeta(srgb_decode(graded))
        self.sm, self.ss, self.tm, self.ts = s.mean(0), s.std(0), t.mean(0), t.std(0)

    def __call__(self, plate):
        moved = (self.lalphabeta(plate) - self.sm) / self.ss * self.ts + self.tm
        rgb = (10 ** (moved @ np.linalg.inv(TO_LAB).T)) @ np.linalg.inv(TO_LMS).T
        return srgb_encode(np.clip(rgb, 0, 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--takes", type=int, default=5)
    ap.add_argument("--frames", type=int, default=12)
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2, help="the show's seed (the fit was tuned on seed 1: report on others)")
    opts = ap.parse_args()
    work = os.path.join(OUT, "looks")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    show = os.path.join(work, "show")
    run([BACKLOT, "synth", "--production", show, "--size", opts.size, "--takes", str(opts.takes), "--frames", str(opts.frames),
         "--seed", str(opts.seed), "--quiet"])
    plan = json.load(open(os.path.join(show, "truth/show.json")))
    last = f"_t{opts.takes}"
    train_refs = os.path.join(work, "graded-train")
    os.makedirs(train_refs)
    for path in glob.glob(os.path.join(show, "graded", "*.png")):
        if last + "." not in os.path.basename(path):
            os.symlink(path, os.path.join(train_refs, os.path.basename(path)))
    env = dict(os.environ, BACKLOT_ROOT=work)
    run([BACKLOT, "production", "create", "show"], env)
    run([BACKLOT, "production", "ingest", "show", os.path.join(show, "dailies"), "--graded", train_refs, "--quiet"], env)
    start = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", BACKLOT, "production", "learn", "show", "--only", "look", "--frames",
                        str(opts.pairs), "--quiet"], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(r.stderr)
    learn_seconds, peak = time.perf_counter() - start, int(r.stderr.strip().splitlines()[-1]) / 1024
    models = json.loads(run([BACKLOT, "production", "models", "show", "--json"], env).stdout)["models"]
    rows = []
    for camera in plan["cameras"]:
        name = camera["name"]
        model = next(m for m in models if m["kind"] == "look" and m["subject"] == name)
        cube = os.path.join(work, "show.backlot", model["file"])
        takes = [t for t in plan["takes"] if next(s for s in plan["setups"] if s["name"] == t["setup"])["camera"] == name]
        frames = [plan["firstFrame"] + k for k in range(0, plan["framesPerTake"], plan["gradedEvery"])]
        # The baselines' training pixels: every pair the box learned from (the model's lineage), every 4th pixel.
        lineage = json.load(open(cube.replace(".cube", ".json")))
        xs, ys, plates, graded = [], [], [], []
        for f in lineage["frames"]:
            if f["heldOut"]:
                continue
            p = read_exr(f["path"], "RGB").astype(np.float64)[::4, ::4]
            g = read_png(f["reference"])[::4, ::4]
            xs.append(look_input(p).reshape(-1, 3)); ys.append(g.reshape(-1, 3))
            plates.append(p.reshape(-1, 3)); graded.append(g.reshape(-1, 3))
        curves = Curves(np.clip(np.concatenate(xs), 0, 1), np.concatenate(ys))
        reinhard = Reinhard(np.concatenate(plates), np.concatenate(graded))
        import PyOpenColorIO as ocio
        cpu = ocio.GetCurrentConfig().getProcessor(ocio.FileTransform(src=cube, interpolation=ocio.INTERP_LINEAR)).getDefaultCPUProcessor()
        scores = {"learned LUT": [], "per-channel curves": [], "Reinhard transfer": []}
        ocio_codes = 0.0
        seconds, graded_frames = 0.0, 0
        for take in [t for t in takes if t["name"].endswith(last)]:
            out = os.path.join(work, "graded-out", take["name"] + ".####.png")
            t0 = time.perf_counter()
            run([BACKLOT, "look", "show", os.path.join(show, take["plates"]), "-o", out, "--frames",
                 f"{frames[0]}-{frames[-1]}", "--quiet"], env)
            seconds += time.perf_counter() - t0
            graded_frames += frames[-1] - frames[0] + 1
            for n in frames:
                num = f"{n:04d}"
                plate = read_exr(os.path.join(show, take["plates"].replace("####", num)), "RGB").astype(np.float64)
                ref = read_png(os.path.join(show, take["graded"].replace("####", num)))
                ours = read_png(out.replace("####", num))
                scores["learned LUT"].append(summary(ours, ref))
                scores["per-channel curves"].append(summary(curves(np.clip(look_input(plate), 0, 1)), ref))
                scores["Reinhard transfer"].append(summary(reinhard(plate), ref))
                x = np.ascontiguousarray(np.clip(look_input(plate[::8, ::8]), 0, 1), np.float32)
                cpu.applyRGB(x)
                ocio_codes = max(ocio_codes, float(np.abs(np.round(x * 255) - ours[::8, ::8] * 255).max()))
        rows.append((name, model, {k: (np.mean([s[0] for s in v]), np.mean([s[1] for s in v])) for k, v in scores.items()},
                     ocio_codes, len(scores["learned LUT"]), seconds / graded_frames))
    write(rows, opts, learn_seconds, peak)


def write(rows, opts, learn_seconds, peak):
    lines = [f"`python3 bench/look_bench.py --size {opts.size} --takes {opts.takes} --frames {opts.frames} --pairs {opts.pairs} "
             f"--seed {opts.seed}` (the fit's smoothness was tuned on seed 1). "
             f"The box learned from the graded stills of takes 1-{opts.takes - 1}; take {opts.takes} is held out (its plates graded "
             "with `backlot look`, compared with its references). Baselines fitted on the same training pairs. "
             "ΔE2000: mean over pixels, then over frames; p95: each frame's 95th percentile, averaged.", "",
             "| camera | method | held-out frames | mean ΔE2000 | p95 ΔE2000 |", "|---|---|---|---|---|"]
    for name, model, scores, _, count, _ in rows:
        for method, (m, p) in scores.items():
            lines.append(f"| {name} | {method} | {count} | {m:.2f} | {p:.2f} |")
    lines += ["", "| camera | pairs read (trained / held out inside the box) | box's own held-out ΔE2000 (LUT / curves / Reinhard) "
              "| better baseline ÷ LUT (this bench) | OpenColorIO vs `backlot look` (max 8-bit codes) | `backlot look` s/frame (whole run ÷ frames) |",
              "|---|---|---|---|---|---|"]
    for name, model, scores, ocio_codes, count, per_frame in rows:
        q = model["quality"]
        lut = scores["learned LUT"][0]
        better = min(scores["per-channel curves"][0], scores["Reinhard transfer"][0])
        own = f"{q.get('heldOutDeltaE', float('nan')):.2f} / {q.get('curvesDeltaE', float('nan')):.2f} / {q.get('reinhardDeltaE', float('nan')):.2f}"
        lines.append(f"| {name} | {int(q['trainedOn'] + q['heldOut'])} ({int(q['trainedOn'])} / {int(q['heldOut'])}) | {own} "
                     f"| {better / lut:.1f}x | {ocio_codes:.0f} | {per_frame:.2f} |")
    lines += ["", f"Learning both cameras' looks (`production learn --only look --frames {opts.pairs}`, {opts.size}): "
              f"{learn_seconds:.1f} s wall, peak {peak:.0f} MB."]
    update_section("Production: learned looks", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
