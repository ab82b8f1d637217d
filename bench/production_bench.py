"""Production boxes, learned screens: keying a synthetic show's shots with the clean plate its box learned,
against keying the same shots without it (the keyer's own screen model), same run, same frames.

The show (`backlot synth --production`, 1080p by default): a green stage and a blue stage with uneven screens
(falloff, wrinkles, seams, markers), five takes of 20 frames each, the camera nudged by a few pixels and the
exposure drifting between takes. Two boxes:
- "all": every take ingested, screens learned from 100 frames per setup (timed, with peak memory); the frames
  keyed are every fourth of takes 1-4 (in-sample: the shot was one of the dailies learned from);
- "heldout": takes 1-4 ingested and learned, take 5 ingested after (its model is then stale, and used as is);
  every frame of take 5 keyed (held-out: the shot was never learned from).
Each frame is keyed with the same hint, with and without `--production`, and scored against the exact truth:
band MSE (alpha error around every edge and soft pixel), SAD and foreground MSE.

    python3 bench/production_bench.py [--size 1920x1080] [--takes 5] [--frames 20]

Writes the section "Production: learned clean plates" of bench/RESULTS.md.
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import BACKLOT, OUT, update_section  # noqa: E402
import peers  # noqa: E402


def run(args, env=None):
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr}")
    return r


def timed(args):
    """Wall seconds and peak resident memory (MB) of one run."""
    start = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr}")
    return time.perf_counter() - start, int(r.stderr.strip().splitlines()[-1]) / 1024, r.stdout


def box_filter(x, r):
    """Mean over a (2r+1)² window, clipped at the edges (as Blur.box)."""
    def along(a, axis):
        c = np.cumsum(np.pad(a, [(r + 1, r) if ax == axis else (0, 0) for ax in range(2)], mode="constant"), axis=axis)
        n = a.shape[axis]
        hi = np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
        lo = np.take(c, np.arange(0, n), axis=axis)
        return hi - lo
    ones = np.ones_like(x)
    return along(along(x, 0), 1) / along(along(ones, 0), 1)


def band(alpha):
    """The uncertain band of the true alpha, as MattingMetrics.uncertainBand."""
    r = max(1, round(3 * alpha.shape[0] / 1080))
    spread = box_filter(((alpha > 0.01) & (alpha < 0.99)).astype(np.float64), r)
    edges = box_filter((alpha >= 0.5).astype(np.float64), r)
    return (spread > 0) | ((edges > 1e-9) & (edges < 1 - 1e-9))


def score(keyed, truth_alpha, truth_fg):
    a = peers.read_exr(keyed + "/matte.exr", "A")[..., 0]
    f = peers.read_exr(keyed + "/fg.exr", "RGB")
    ta = peers.read_exr(truth_alpha, "A")[..., 0]
    tf = peers.read_exr(truth_fg, "RGB")
    b = band(ta)
    w = np.minimum(a, ta)[..., None]
    return {"band": float(((a - ta)[b] ** 2).mean()), "sad": float(np.abs(a - ta).sum() / 1000),
            "fg": float((w * (f - tf) ** 2).sum() / max(3 * w.sum(), 1e-9))}


def key_frames(show, plan, take, frames, env, production):
    """Keys the given frames of `take` (with or without the box), each into its own folder; returns the scores."""
    out = os.path.join(OUT, "production", "keys", ("with-" + production) if production else "without", take["name"])
    shutil.rmtree(out, ignore_errors=True)
    scores = []
    for frame in frames:
        f = f"{frame:04d}"
        dest = os.path.join(out, f)
        args = [BACKLOT, "key", os.path.join(show, take["plates"].replace("####", f)),
                "--hint", os.path.join(show, take["hints"].replace("####", f)), "--passes", "fg,matte", "-o", dest, "-q"]
        if production:
            args += ["--production", production]
        run(args, env)
        fg = glob.glob(dest + "/fg/*.exr")[0]
        matte = glob.glob(dest + "/matte/*.exr")[0]
        os.rename(fg, dest + "/fg.exr")
        os.rename(matte, dest + "/matte.exr")
        scores.append(score(dest, os.path.join(show, take["alpha"].replace("####", f)),
                            os.path.join(show, take["foreground"].replace("####", f))))
    return scores


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--takes", type=int, default=5)
    ap.add_argument("--frames", type=int, default=20)
    opts = ap.parse_args()
    work = os.path.join(OUT, "production")
    show = os.path.join(work, "show")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    run([BACKLOT, "synth", "--production", show, "--size", opts.size, "--takes", str(opts.takes),
         "--frames", str(opts.frames), "--quiet"])
    plan = json.load(open(os.path.join(show, "truth", "show.json")))
    env = dict(os.environ, BACKLOT_ROOT=work)
    last = f"_t{opts.takes}"
    # Box "all": every take; learning timed.
    run([BACKLOT, "production", "create", "all", "--root", work])
    run([BACKLOT, "production", "ingest", "all", os.path.join(show, "dailies"), "--root", work, "--quiet"])
    learn_s, learn_mb, learn_out = timed([BACKLOT, "production", "learn", "all", "--root", work, "--quiet"])
    models = json.loads(run([BACKLOT, "production", "models", "all", "--root", work, "--json"]).stdout)["models"]
    # Box "heldout": the last take ingested only after learning.
    run([BACKLOT, "production", "create", "heldout", "--root", work])
    for take in plan["takes"]:
        if not take["name"].endswith(last):
            run([BACKLOT, "production", "ingest", "heldout", os.path.join(show, os.path.dirname(take["plates"])), "--root", work, "--quiet"])
    run([BACKLOT, "production", "learn", "heldout", "--root", work, "--quiet"])
    run([BACKLOT, "production", "ingest", "heldout", os.path.join(show, "dailies"), "--root", work, "--quiet"])
    first = plan["firstFrame"]
    rows = []
    for setup in [s for s in plan["setups"] if s.get("screen")]:
        takes = [t for t in plan["takes"] if t["setup"] == setup["name"]]
        for split, chosen, box, frames in [
            ("in-sample", [t for t in takes if not t["name"].endswith(last)], "all", range(first, first + opts.frames, 4)),
            ("held-out take", [t for t in takes if t["name"].endswith(last)], "heldout", range(first, first + opts.frames)),
        ]:
            without, with_box = [], []
            for take in chosen:
                without += key_frames(show, plan, take, frames, env, None)
                with_box += key_frames(show, plan, take, frames, env, box)
            rows.append((setup["name"], split, len(without),
                         {k: float(np.mean([s[k] for s in without])) for k in ("band", "sad", "fg")},
                         {k: float(np.mean([s[k] for s in with_box])) for k in ("band", "sad", "fg")}))
            print(rows[-1], flush=True)
    write(rows, models, learn_s, learn_mb, opts, plan)


def write(rows, models, learn_s, learn_mb, opts, plan):
    frames_per_setup = opts.takes * opts.frames
    lines = [f"A synthetic show at {opts.size} (`backlot synth --production --takes {opts.takes} --frames {opts.frames}`): "
             f"{frames_per_setup} frames per setup. Each frame keyed with its hint, without and with `--production` "
             "(the clean plate the box learned for the shot's setup), scored against the exact truth. In-sample: "
             "every fourth frame of takes the box learned from; held-out take: every frame of a take ingested only "
             "after learning.", "",
             "| setup | frames keyed | split | band MSE×1000 without | with | change | SAD without | with | FG MSE×1000 without | with |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, split, n, a, b in rows:
        change = (b["band"] / a["band"] - 1) * 100 if a["band"] > 0 else 0
        lines.append(f"| {name} | {n} | {split} | {1000 * a['band']:.3f} | {1000 * b['band']:.3f} | {change:+.0f}% | "
                     f"{a['sad']:.2f} | {b['sad']:.2f} | {1000 * a['fg']:.3f} | {1000 * b['fg']:.3f} |")
    mean_a = float(np.mean([r[3]["band"] for r in rows]))
    mean_b = float(np.mean([r[4]["band"] for r in rows]))
    lines += ["", f"Mean band MSE: {1000 * mean_a:.3f} without, {1000 * mean_b:.3f} with the learned clean plate "
              f"({(mean_b / mean_a - 1) * 100:+.0f}%; the target is at most -25%).", "",
              f"Learning the screens of the box \"all\" (both screens, {frames_per_setup} frames each, and the location "
              f"setup's frames looked at and skipped): {learn_s:.1f} s in all, {learn_s / len(models):.1f} s per clean plate, "
              f"peak memory {learn_mb:.0f} MB (the target: a clean plate from 100 frames of 1080p in under 30 s).", "",
              "| model | trained on | held out | coverage | held-out error |", "|---|---|---|---|---|"]
    for m in models:
        q = m["quality"]
        lines.append(f"| {m['kind']} {m['subject']} v{m['version']} | {int(q.get('trainedOn', 0))} | {int(q.get('heldOut', 0))} | "
                     f"{100 * q.get('coverage', 0):.1f}% | {100 * q.get('heldOutError', float('nan')):.2f}% |")
    lines += ["", "Held-out error: the learned plate against the mean of the held-out frames' screen, in 16×16 blocks "
              "(grain averaged out). Setups are found by ingest (camera, size, picture signature), not told."]
    update_section("Production: learned clean plates", "\n".join(lines))


if __name__ == "__main__":
    main()
