"""Production boxes, learned grain: each camera's grain at each ISO learned from its dailies, made again on a
clean grey card (`backlot regrain`) and taken out of a grained plate (`backlot degrain`), judged against the
synthetic show's true grain, same run.

The show (`backlot synth --production`, 1080p by default) has two cameras of different grain (ALEXA 35: fine,
chroma-correlated; VENICE 2: noisier, coarser, wider than tall) at three ISOs, one per setup. The box learns
from the dailies alone (`production learn --only grain`). The truth of each setup's grain is in the show's
truth/grain/: a flat mid-grey card with the camera's true grain at that ISO (a grain the dailies never had:
its own seed) and the setup's clean background with it.

- Spectrum: the noise power spectrum (Hann-windowed 32-pixel blocks, computed here in NumPy) of each setup's
  clean background regrained, less the clean background, against the true grain's on it; and the same for a
  flat mid-grey card. As the mean power in four radial frequency bands (cycles/pixel): the worst relative
  error over channels and bands, for the learned grain and for white Gaussian noise of the true variance (the
  baseline the issue names).
- Level: the noise standard deviation on the grey card per channel, regrained against true.
- Degrain: RMSE (linear) of the degrained plate against the clean background, against the grained plate's and
  against the best Gaussian blur (its width chosen against the truth: the best any blur could do).

    python3 bench/grain_bench.py [--size 1920x1080] [--takes 2] [--frames 8] [--seed 2]

Tuned on seed 1; the figures written are for the seed given (2 by default). Writes the section "Production:
learned grain" of bench/RESULTS.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import BACKLOT, OUT, update_section  # noqa: E402
from peers import read_exr, write_exr  # noqa: E402

N = 32
EDGES = [0, 0.125, 0.25, 0.375, 0.5]
BANDS = ["0–⅛", "⅛–¼", "¼–⅜", "⅜–½"]


def run(args, env=None):
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr}")
    return r


def hann(n):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)


def nps(noise):
    """Mean Hann-windowed periodogram of the whole 32-pixel blocks of a noise plane."""
    h, w = noise.shape
    blocks = noise[: h - h % N, : w - w % N].reshape(h // N, N, w // N, N).transpose(0, 2, 1, 3).reshape(-1, N, N)
    blocks = blocks - blocks.mean(axis=(1, 2), keepdims=True)
    window = np.outer(hann(N), hann(N))
    energy = (hann(N) ** 2).sum() ** 2
    return (np.abs(np.fft.fft2(blocks * window)) ** 2).mean(axis=0) / energy


def bands(spectrum):
    f = np.fft.fftfreq(N)
    r = np.sqrt(f[None, :] ** 2 + f[:, None] ** 2)
    out = []
    for i in range(4):
        m = (r >= EDGES[i]) & ((r < EDGES[i + 1]) if i < 3 else True)
        m[0, 0] = False
        out.append(spectrum[m].mean())
    return np.array(out)


def gaussian_blur(plane, sigma):
    radius = max(1, int(np.ceil(3 * sigma)))
    x = np.arange(-radius, radius + 1)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    k /= k.sum()
    padded = np.pad(plane, radius, mode="edge")
    across = sum(k[i] * padded[:, i: i + plane.shape[1]] for i in range(len(k)))
    return sum(k[i] * across[i: i + plane.shape[0], :] for i in range(len(k)))


def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", default="1920x1080")
    p.add_argument("--takes", type=int, default=2)
    p.add_argument("--frames", type=int, default=8)
    p.add_argument("--seed", type=int, default=2)
    p.add_argument("--no-write", action="store_true", help="print, but leave RESULTS.md alone")
    opts = p.parse_args()
    if not os.path.exists(BACKLOT):
        sys.exit("build first: swift build -c release --product backlot")
    work = os.path.join(OUT, "grain")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    show = os.path.join(work, "show")
    run([BACKLOT, "synth", "--production", show, "--size", opts.size, "--takes", str(opts.takes), "--frames", str(opts.frames),
         "--seed", str(opts.seed), "--quiet"])
    plan = json.load(open(os.path.join(show, "truth", "show.json")))
    env = dict(os.environ, BACKLOT_ROOT=work)
    run([BACKLOT, "production", "create", "show"], env)
    run([BACKLOT, "production", "ingest", "show", os.path.join(show, "dailies"), "--quiet"], env)
    start = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", BACKLOT, "production", "learn", "show", "--only", "grain", "--quiet"],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(r.stderr)
    learn_seconds, peak = time.perf_counter() - start, int(r.stderr.strip().splitlines()[-1]) / 1024
    models = {m["subject"]: m for m in json.loads(run([BACKLOT, "production", "models", "show", "--json"], env).stdout)["models"]
              if m["kind"] == "grain"}
    rows, level_rows, degrain_rows = [], [], []
    regrain_seconds, degrain_seconds, frames_timed = 0.0, 0.0, 0

    def compare(made, truth):
        """Worst relative band error per band (over channels), worst overall, and white noise's worst."""
        per_band, white = [], 0.0
        for c in range(3):
            t = nps(truth[..., c])
            tb = bands(t)
            per_band.append(np.abs(bands(nps(made[..., c])) / tb - 1))
            white = max(white, float(np.abs(t.mean() / tb - 1).max()))
        per_band = np.max(per_band, axis=0)
        return per_band, float(per_band.max()), white

    for setup in plan["setups"]:
        subject = f"{setup['camera']} ISO {setup['iso']}"
        if subject not in models:
            sys.exit(f"no grain model learned for {subject}: {sorted(models)}")
        model = json.load(open(os.path.join(work, "show.backlot", models[subject]["file"])))
        camera = ["--camera", setup["camera"], "--iso", str(setup["iso"]), "--depth", "float", "--quiet"]
        # Regrain the setup's clean background (the brightnesses its dailies show): its noise against the true grain's.
        clean_path = os.path.join(show, setup["background"])
        clean = read_exr(clean_path, "RGB")
        grained_path = os.path.join(show, setup["grained"])
        grained = read_exr(grained_path, "RGB")
        regrained = os.path.join(work, f"{setup['name']}.regrain.exr")
        t0 = time.perf_counter()
        run([BACKLOT, "regrain", "show", clean_path, "-o", regrained] + camera, env)
        regrain_seconds += time.perf_counter() - t0
        rows.append((subject, "its stage", *compare(read_exr(regrained, "RGB") - clean, grained - clean)))
        # And a mid-grey card, which some channels' dailies never come near (their grain there is extrapolated).
        card = read_exr(os.path.join(show, setup["greyCard"]), "RGB") - 0.18
        h, w, _ = card.shape
        flat = os.path.join(work, "flat.exr")
        write_exr(flat, {c: np.full((h, w), 0.18, np.float32) for c in "RGB"})
        card_out = os.path.join(work, f"{setup['name']}.card.exr")
        run([BACKLOT, "regrain", "show", flat, "-o", card_out] + camera, env)
        made = read_exr(card_out, "RGB") - 0.18
        rows.append((subject, "grey card 0.18", *compare(made, card)))
        for c in range(3):
            levels = model["levels"][c]
            level_rows.append((subject, "RGB"[c], float(card[..., c].std()), float(made[..., c].std()), levels[0], levels[-1]))
        # Degrain the grained background; the truth is the clean one.
        degrained = os.path.join(work, f"{setup['name']}.degrain.exr")
        t0 = time.perf_counter()
        run([BACKLOT, "degrain", "show", grained_path, "-o", degrained] + camera, env)
        degrain_seconds += time.perf_counter() - t0
        frames_timed += 1
        ours = rmse(read_exr(degrained, "RGB"), clean)
        blur = min((rmse(np.stack([gaussian_blur(grained[..., c], s) for c in range(3)], -1), clean), s)
                   for s in (0.5, 0.7, 1.0, 1.4, 2.0))
        degrain_rows.append((subject, rmse(grained, clean), ours, blur[0], blur[1]))

    lines = [f"Synthetic show {opts.size}, seed {opts.seed} (tuned on seed 1), {opts.takes} takes × {opts.frames} frames per setup; "
             f"learning the grain of all three camera/ISO pairs from the dailies: {learn_seconds:.1f} s, peak memory {peak:.0f} MB.",
             "",
             "Noise power spectrum of regrained pictures against the true grain's (worst relative error over R, G, B per radial "
             "band, cycles/pixel), and the worst over all bands for white Gaussian noise of the true variance. *Its stage*: the "
             "setup's clean background, regrained; *grey card*: a flat 0.18, which the dailies of some channels never come near.",
             "",
             "| camera, ISO | pictures | " + " | ".join(BANDS) + " | learned, worst | white noise, worst |",
             "|---|---|" + "---|" * (len(BANDS) + 2)]
    for subject, what, per_band, learned, white in rows:
        lines.append(f"| {subject} | {what} | " + " | ".join(f"{100 * e:.1f}%" for e in per_band)
                     + f" | **{100 * learned:.1f}%** | {100 * white:.0f}% |")
    lines += ["", "Noise on the grey card (standard deviation, linear), true against regrained, and the brightnesses the "
              "channel's grain was measured at in the dailies:", "",
              "| camera, ISO | channel | true | regrained | measured from–to |", "|---|---|---|---|---|"]
    for subject, channel, true, made, low, high in level_rows:
        lines.append(f"| {subject} | {channel} | {true:.5f} | {made:.5f} ({100 * (made / true - 1):+.1f}%) | {low:.3f}–{high:.3f} |")
    lines += ["", "Degrain of the setup's grained clean background (RMSE against the clean background, linear):", "",
              "| camera, ISO | grained | `backlot degrain` | best Gaussian blur (σ) |", "|---|---|---|---|"]
    for subject, before, ours, blur, sigma in degrain_rows:
        lines.append(f"| {subject} | {before:.5f} | **{ours:.5f}** ({ours / before:.2f}x) | {blur:.5f} ({sigma}) |")
    lines += ["", f"Per {opts.size} frame, end to end (read, work, write): regrain {regrain_seconds / frames_timed:.2f} s, "
              f"degrain {degrain_seconds / frames_timed:.2f} s."]
    body = "\n".join(lines)
    print(body)
    if not opts.no_write:
        update_section("Production: learned grain", body)


if __name__ == "__main__":
    main()
