"""Running and timing one build: `Site` runs `pelican` in a small runner
process and reports its wall time, CPU time, peak RSS and output size;
`without_plugins` makes the PLUGINS override of --without-plugin."""

import json
import os
import shutil
import subprocess
import sys

SITE_URL = "http://localhost:8000"

# Runs the build as its child and reports the child's wall time, the peak
# RSS of its process tree (ru_maxrss of waited-for descendants, in KB) and
# their CPU time (less sensitive than wall time to other load on the machine).
RUNNER = r"""
import json, resource, subprocess, sys, time
with open(sys.argv[1], "w") as log:
    start = time.perf_counter()
    code = subprocess.call(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": code, "seconds": seconds, "maxrss_kb": usage.ru_maxrss,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime}))
"""


class BuildFailed(RuntimeError):
    pass


def tree_size(path):
    files = size = 0
    for dirpath, _dirnames, filenames in os.walk(path):
        for name in filenames:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


class Site:
    """One buildable site inside the temporary project."""

    def __init__(self, project, name, content, settings, output, caches, extra):
        self.project = project
        self.name = name
        self.content = content
        self.settings = settings
        self.output = project / output
        self.caches = [project / c for c in caches]
        self.extra = list(extra)
        self.builds = 0

    def build(self, clean):
        if clean:
            for folder in [self.output, *self.caches]:
                shutil.rmtree(folder, ignore_errors=True)
        self.builds += 1
        log = self.project / f"{self.name}-build-{self.builds}.log"
        command = [
            sys.executable,
            "-m",
            "pelican",
            self.content,
            "-s",
            self.settings,
            "--fatal",
            "warnings",
        ]
        if self.extra:  # pelican keeps only the last -e: pass them all at once
            command += ["-e", *self.extra]
        env = dict(os.environ, SITEURL=SITE_URL, PYTHONHASHSEED="0")
        result = subprocess.run(
            [sys.executable, "-c", RUNNER, str(log), *command],
            cwd=self.project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BuildFailed(f"runner failed: {result.stderr[-3000:]}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        if report["returncode"] != 0:
            tail = log.read_text(encoding="utf-8", errors="replace")[-5000:]
            raise BuildFailed(f"{self.name} build failed (see {log}):\n{tail}")
        files, size = tree_size(self.output)
        return {
            "seconds": round(report["seconds"], 3),
            "cpu_seconds": round(report["cpu_seconds"], 3),
            "peak_rss_mb": round(report["maxrss_kb"] / 1024, 1),
            "output_files": files,
            "output_bytes": size,
        }


def without_plugins(settings_file, names):
    """A `PLUGINS=[…]` override (pelican -e) leaving out `names`, or nothing."""
    if not names:
        return []
    from pelican.settings import get_settings_from_file

    plugins = get_settings_from_file(str(settings_file))["PLUGINS"]
    unknown = set(names) - set(plugins)
    if unknown:
        raise BuildFailed(f"not in PLUGINS of {settings_file.name}: {sorted(unknown)}")
    return ["PLUGINS=" + json.dumps([p for p in plugins if p not in names])]
