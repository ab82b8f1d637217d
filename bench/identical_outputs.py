"""Byte-for-byte comparison of `backlot key` outputs between two builds (a refactor must not change a bit).

    python3 bench/identical_outputs.py OLD_BACKLOT [NEW_BACKLOT] [--size 1920x1080] [--frames 24]

Keys, with each build, the same inputs into separate folders and compares every file they wrote with `cmp`:
the demo plate (1920x1080, plate + hint), a 24-frame EXR shot with hints (temporal steadying on), a video shot
(ProRes plate, H.264 hint, ProRes 4444 and H.264 review outputs) and a CorridorKey shot folder. Inputs are made
once with the new build's `synth` and shared. Exits 1 and lists the differing files if any differ.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr}")
    return r


def make_inputs(backlot, work, size, frames):
    demo, shot, video, corridor = (os.path.join(work, n) for n in ("demo", "shot", "video", "corridor/Shot_010"))
    run([backlot, "synth", "--scene", "mixed", "--size", "1920x1080", "--output", demo, "--quiet"])
    run([backlot, "synth", "--shot", str(frames), "--size", size, "--output", shot, "--quiet"])
    os.makedirs(video, exist_ok=True)
    for f in range(1001, 1001 + frames):
        run([backlot, "convert", f"{shot}/plate.{f}.exr", f"{video}/png.{f}.png"])
    run(["ffmpeg", "-v", "error", "-y", "-framerate", "25", "-start_number", "1001", "-i", f"{video}/png.%04d.png",
         "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", f"{video}/clip.mov"])
    run(["ffmpeg", "-v", "error", "-y", "-framerate", "25", "-start_number", "1001", "-i", f"{shot}/hint.%04d.png",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", f"{video}/hint.mp4"])
    os.makedirs(f"{corridor}/Input", exist_ok=True)
    os.makedirs(f"{corridor}/AlphaHint", exist_ok=True)
    for k, f in enumerate(range(1001, 1001 + min(frames, 6))):
        shutil.copy(f"{shot}/plate.{f}.exr", f"{corridor}/Input/frame_{k:03d}.exr")
        shutil.copy(f"{shot}/hint.{f}.png", f"{corridor}/AlphaHint/frame_{k:03d}.png")
    return demo, shot, video, os.path.dirname(corridor)


def key_all(backlot, inputs, out):
    demo, shot, video, corridor = inputs
    shutil.rmtree(out, ignore_errors=True)
    timings = {}
    jobs = [
        ("demo plate", [backlot, "key", f"{demo}/plate.exr", "--hint", f"{demo}/hint.png", "-o", f"{out}/demo"]),
        ("EXR shot", [backlot, "key", f"{shot}/plate.####.exr", "--hint", f"{shot}/hint.####.png", "-o", f"{out}/shot"]),
        ("video shot", [backlot, "key", f"{video}/clip.mov", "--hint", f"{video}/hint.mp4", "-o", f"{out}/video",
                        "--prores", f"{out}/video/key.mov", "--review", f"{out}/video/review.mp4"]),
        ("CorridorKey folder", [backlot, "key", corridor, "-o", f"{out}/corridor", "--quiet"]),
    ]
    for name, args in jobs:
        t = time.perf_counter()
        run(args + (["--quiet"] if "--quiet" not in args else []))
        timings[name] = time.perf_counter() - t
    return timings


def files(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new", nargs="?", default=os.path.join(ROOT, ".build", "release", "backlot"))
    ap.add_argument("--size", default="960x540")
    ap.add_argument("--frames", type=int, default=24)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "out", "identical"))
    a = ap.parse_args()
    inputs = make_inputs(a.new, os.path.join(a.work, "inputs"), a.size, a.frames)
    old_t = key_all(a.old, inputs, os.path.join(a.work, "old"))
    new_t = key_all(a.new, inputs, os.path.join(a.work, "new"))
    old_files, new_files = files(os.path.join(a.work, "old")), files(os.path.join(a.work, "new"))
    differ = [f for f in old_files if f in new_files
              and not filecmp.cmp(os.path.join(a.work, "old", f), os.path.join(a.work, "new", f), shallow=False)]
    only = sorted(set(old_files) ^ set(new_files))
    for name in old_t:
        print(f"{name:20s} old {old_t[name]:6.2f} s   new {new_t[name]:6.2f} s")
    print(f"{len(old_files)} files compared: {len(differ)} differ, {len(only)} written by one build only")
    for f in differ + only:
        print("  " + f)
    sys.exit(1 if differ or only else 0)


if __name__ == "__main__":
    main()
