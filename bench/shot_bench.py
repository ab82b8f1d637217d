"""Shot benchmark: `backlot key` on whole synthetic shots (EXR in, all four passes out) against running the
per-frame command in a shell loop, in the same run; peak memory; flicker (dtSSD) with and without temporal
steadying.

    python3 bench/shot_bench.py [--frames-1080 200] [--frames-4k 48] [--loop-frames 24]

Shots come from `backlot synth --shot` (a person with hair swaying gently, a motion-blurred object crossing the
frame, fresh sensor noise every frame) and are cached under bench/out/shots/. Writes the section "Shots" of
bench/RESULTS.md.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import BACKLOT, OUT, update_section  # noqa: E402


def synth(folder, size, frames, noise):
    stamp = os.path.join(folder, "stamp.json")
    want = {"size": size, "frames": frames, "seed": 1, "generator": 2, "noise": noise}
    if os.path.exists(stamp) and json.load(open(stamp)) == want:
        return
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([BACKLOT, "synth", "--shot", str(frames), "--size", size, "--noise", str(noise), "--output", folder,
                    "--quiet"], check=True)
    json.dump(want, open(stamp, "w"))


def timed(args):
    """Wall seconds and peak RSS (MB) of a command."""
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v"] + args, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    return wall, rss


def pipeline(shot, out, extra=()):
    shutil.rmtree(out, ignore_errors=True)
    return timed([BACKLOT, "key", f"{shot}/plate.####.exr", "--hint", f"{shot}/hint.####.png", "--output", out, "--quiet", *extra])


def shell_loop(shot, out, frames):
    """The per-frame command run frame by frame, as a shell loop would; peak RSS is the largest single run."""
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    peak = 0
    for f in range(1001, 1001 + frames):
        _, rss = timed([BACKLOT, "key", f"{shot}/plate.{f}.exr", "--hint", f"{shot}/hint.{f}.png", "--output", out, "--quiet"])
        peak = max(peak, rss)
    return time.perf_counter() - t, peak


def score(shot, out):
    r = subprocess.run([BACKLOT, "score", "--truth", shot, "--alpha", f"{out}/matte/plate.####.exr", "--json"],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames-1080", type=int, default=200)
    ap.add_argument("--frames-4k", type=int, default=48)
    ap.add_argument("--loop-frames", type=int, default=24)
    ap.add_argument("--noise", type=float, default=0.012, help="sensor noise at mid-grey (synth's default is 0.004)")
    a = ap.parse_args()
    work = os.path.join(OUT, "shots")
    os.makedirs(work, exist_ok=True)
    rows, stability = [], []
    for label, size, frames, loop_frames in [("1080p", "1920x1080", a.frames_1080, a.loop_frames),
                                             ("4K", "3840x2160", a.frames_4k, max(4, a.loop_frames // 4))]:
        shot = os.path.join(work, f"shot{label}")
        print(f"synth {label} shot, {frames} frames", flush=True)
        synth(shot, size, frames, a.noise)
        print(f"key {label}: pipeline", flush=True)
        wall, rss = pipeline(shot, os.path.join(work, f"key{label}"))
        print(f"key {label}: pipeline without steadying", flush=True)
        wall0, rss0 = pipeline(shot, os.path.join(work, f"key{label}_plain"), ["--temporal", "0"])
        loop_frames = min(loop_frames, frames)
        print(f"key {label}: shell loop over {loop_frames} frames", flush=True)
        loop_wall, loop_rss = shell_loop(shot, os.path.join(work, f"loop{label}"), loop_frames)
        rows.append(f"| {label} ({size}) | {frames} | {frames / wall:.2f} | {rss:.0f} | {frames / wall0:.2f} | {rss0:.0f} | "
                    f"{loop_frames / loop_wall:.2f} | {loop_rss:.0f} |")
        steady = score(shot, os.path.join(work, f"key{label}"))
        plain = score(shot, os.path.join(work, f"key{label}_plain"))
        stability.append(f"| {label} | {frames} | {plain['dtSSD']:.3f} | {steady['dtSSD']:.3f} | "
                         f"{plain['staticDtSSD']:.3f} | {steady['staticDtSSD']:.3f} | "
                         f"{100 * (1 - steady['staticDtSSD'] / plain['staticDtSSD']):.0f}% | {plain['meanSAD']:.3f} | {steady['meanSAD']:.3f} | "
                         f"{100 * (steady['meanSAD'] / plain['meanSAD'] - 1):+.1f}% |")
    text = "\n".join([
        "Synthetic shots from `backlot synth --shot` (a person with hair swaying gently, a motion-blurred object",
        f"crossing the frame, fresh sensor noise of {a.noise} at mid-grey in every frame: a noisy, high-ISO plate, where",
        "flicker shows), EXR plates and PNG hint sequences in, all four passes out",
        "(rgba, fg, matte EXR half PIZ + comp PNG). The pipeline is one `backlot key plate.####.exr` command",
        "(read of frame n+1 and write of frame n-1 overlap keying of frame n); the shell loop runs the per-frame",
        "command once per frame over the first frames of the same shot. Peak RSS from `/usr/bin/time -v`",
        "(for the loop: its largest single run).", "",
        "| shot | frames | pipeline fps | pipeline peak MB | pipeline fps, no steadying | peak MB | shell loop fps | loop peak MB |",
        "|---|---|---|---|---|---|---|---|", *rows, "",
        "Temporal stability (`backlot score --alpha 'matte/plate.####.exr'`): dtSSD is the RMS error of the temporal",
        "alpha gradient against the truth (x100, mean over frame pairs; lower = steadier). Over the whole frame it",
        "is dominated by what moves (the crossing object and the swaying hair), whose per-frame key error moves with it",
        "(steadying leaves moving pixels alone by design); static dtSSD is the same measure over the pixels whose",
        "truth does not change: pure flicker. SAD per frame shows steadying does not smear real motion (target: at most 5% worse).", "",
        "| shot | frames | dtSSD frame by frame | dtSSD steadied | static dtSSD frame by frame | static dtSSD steadied | flicker removed | SAD/frame frame by frame | SAD/frame steadied | SAD change |",
        "|---|---|---|---|---|---|---|---|---|---|", *stability, "",
        "Reproduce: `swift build -c release --product backlot && python3 bench/shot_bench.py`."])
    update_section("Shots", text)
    print(text)


if __name__ == "__main__":
    main()
