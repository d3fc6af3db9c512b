"""The report: the figures of a measure's samples and their ratios to the
reference (`summarise`), the machine and project a run was made on, and the
short text table printed after a run."""

import os
import platform
import statistics
import subprocess
from importlib.metadata import version

from project_copy import PROJECT_FILES

from .measures import MEASURE_NAMES, MEASURES


def summarise(samples, reference_clean=None):
    seconds = [s["seconds"] for s in samples]
    last = samples[-1]
    summary = {
        "samples": samples,
        "median_seconds": round(statistics.median(seconds), 3),
        "median_cpu_seconds": round(
            statistics.median(s["cpu_seconds"] for s in samples), 3
        ),
        "peak_rss_mb": max(s["peak_rss_mb"] for s in samples),
        "output_files": last["output_files"],
        "output_bytes": last["output_bytes"],
    }
    if reference_clean:
        summary["ratio"] = round(
            summary["median_seconds"] / reference_clean["median_seconds"], 3
        )
        summary["rss_ratio"] = round(
            summary["peak_rss_mb"] / reference_clean["peak_rss_mb"], 3
        )
        # CPU time over the reference's: work done, whatever the load (a
        # parallel build adds its workers' CPU time, so this is not speed).
        summary["cpu_ratio"] = round(
            summary["median_cpu_seconds"] / reference_clean["median_cpu_seconds"], 3
        )
    return summary


def machine():
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "nproc": usable,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "platform": platform.platform(),
    }


def project_revision(source_root):
    """Where the benchmarked project came from: its folder, git commit and
    whether the copied files had uncommitted changes."""

    def git(*args):
        result = subprocess.run(
            ["git", *args], cwd=source_root, capture_output=True, text=True, check=False
        )
        return result.stdout.strip() if result.returncode == 0 else None

    status = git("status", "--porcelain", "--", *PROJECT_FILES)
    return {
        "path": str(source_root),
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(status) if status is not None else None,
    }


def table(report):
    """The short text table of a report."""
    rows = [("measure", "seconds", "× ref", "CPU s", "peak RSS MB", "files", "MB out")]

    def add(label, m):
        rows.append(
            (
                label,
                f"{m['median_seconds']:.2f}",
                f"{m['ratio']:.2f}" if "ratio" in m else "-",
                f"{m['median_cpu_seconds']:.2f}",
                f"{m['peak_rss_mb']:.0f}",
                str(m["output_files"]),
                f"{m['output_bytes'] / 1e6:.1f}",
            )
        )

    for name in MEASURES:
        add(f"trilingual {MEASURE_NAMES[name]}", report["measures"][name])
    for name in MEASURES if "reference" in report else []:
        add(f"reference {MEASURE_NAMES[name]}", report["reference"][name])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    parameters, machine_ = report["parameters"], report["machine"]
    lines = [
        f"N={parameters['n']} groups, REPEAT={parameters['repeat']} (medians), "
        f"{machine_['nproc']} CPU(s), Pelican {machine_['pelican']}, "
        f"cache={parameters['cache']}"
    ]
    for row in rows:
        lines.append(
            "  ".join(
                [row[0].ljust(widths[0])]
                + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
            )
        )
    for name, label in (
        ("real", "the real content"),
        ("generated", "the generated site"),
        ("hostile", "real content + a 1 MB hostile file"),
    ):
        if name in report.get("check", {}):
            lines.append(
                f"make check, {label}: {report['check'][name]['median_seconds']:.2f} s"
            )
    load = max(
        machine_["load_average"]["before"][0], machine_["load_average"]["after"][0]
    )
    if load > machine_["nproc"]:
        lines.append(
            f"note: load average {load:.1f} on {machine_['nproc']} CPU(s): "
            "other processes competed for the CPU; wall times are inflated"
        )
    return "\n".join(lines)
