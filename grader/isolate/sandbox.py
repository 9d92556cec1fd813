"""Confine the learner's process before it runs a line of the submission (see SECURITY.md).

The grader starts ``python -I -m grader.isolate.child`` with a plan (``NNDL_SANDBOX`` in its environment,
made by ``plan``); the first thing the child does is ``enter(plan)``, which, in this order:

1. sets resource limits: address space, file size, no core files, open files, processes;
2. when the process runs as root on Linux: joins a memory cgroup of its own (``GROUP_MEMORY`` for
   all the processes it will start, where the machine has a writable memory cgroup); moves to new
   mount, network and IPC namespaces (no network interface but a loopback that is down); gives
   itself private ``/tmp``, ``/var/tmp`` and ``/dev/shm`` (its working folder, the project and the
   interpreter stay where they were), makes the interpreter's folders readable past private
   parents such as ``/root``, and puts an empty read-only file system over each path the plan
   hides (``solutions/``, the reference cache, a class's folder); then gives the working folder
   to, and becomes, a user of its own (``UID_BASE`` + its pid: no other process has it, so
   ``sweep`` can kill everything the learner started, and ``RLIMIT_NPROC`` counts the learner's
   processes alone);
3. asks the kernel to kill it when the grader's thread that started it ends (PR_SET_PDEATHSIG),
   and never to grant it privileges again (PR_SET_NO_NEW_PRIVS).

Each step that the machine refuses is reported, not fatal: ``enter`` returns what holds, and
``grade sandbox`` prints it. The grader's verdict never depends on the child's word: the child
only sends plain data (``grader.isolate.protocol``), compared in the grader.
"""

import ctypes
import functools
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time

from grader import paths

UID_BASE = 3_000_000_000  # learner users: UID_BASE + pid (pids stay below 2**22 on Linux)
PRIVATE_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
PRIVATE_SIZE = "16m"
MAX_PROCESSES = 16  # processes and threads of one learner (numpy runs one BLAS thread)
GROUP_MEMORY = 4 * 1024**3  # memory of all the learner's processes together (a memory cgroup), bytes
MAX_OPEN_FILES = 256
ENVIRONMENT = "NNDL_SANDBOX"

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWNET = 0x00020000, 0x08000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38


def learner_uid(pid):
    """The user a confined learner process with this pid runs as."""
    return UID_BASE + pid


def can_confine():
    """Whether learner processes will get users and namespaces of their own (root on Linux)."""
    return sys.platform.startswith("linux") and os.geteuid() == 0


PROJECT = str(paths.PROJECT)
_hidden = set()  # more paths to hide from every learner process of this grader (grade batch: the class)


def hide(path):
    """Hide ``path`` (a folder or a file) from the learner processes this grader starts from now on."""
    _hidden.add(os.path.realpath(path))


def hidden_paths():
    """The reference solutions, the grader's cache, and what ``hide`` added."""
    import importlib.util

    from grader.paths import cache_directory

    spec = importlib.util.find_spec("solutions")
    paths = set(spec.submodule_search_locations or []) if spec else set()
    paths.add(os.path.join(PROJECT, "solutions"))
    paths.add(os.path.join(PROJECT, "grader", "assignments"))  # the built-in course's checks
    paths.add(str(cache_directory()))
    return paths | _hidden


def plan(workdir, memory, file_size, hidden=(), readable=()):
    """What ``enter`` should do in a learner process working in ``workdir`` (JSON-able). ``hidden``:
    more paths to hide than ``hidden_paths()`` (a course folder's solutions and checks);
    ``readable``: more folders the learner's code needs (a course folder's helpers)."""
    readable = sorted(_interpreter_paths() | {os.path.realpath(p) for p in readable if os.path.isdir(p)})
    needed = [os.path.realpath(workdir), *readable]
    # A folder that holds what the learner's process needs (the grader itself, its working
    # folder) cannot be hidden; what is inside it that must be (solutions/) is listed on its own.
    hide = {os.path.realpath(p) for p in [*hidden_paths(), *hidden] if os.path.lexists(p)}
    hide = {p for p in hide if not any(_inside(n, p) for n in needed)}
    cgroup = memory_cgroup() if can_confine() else None
    if cgroup:
        _remove_stale_cgroups(cgroup[0])
    return {"workdir": workdir, "memory": memory, "file_size": file_size, "processes": MAX_PROCESSES,
            "hide": sorted(hide), "readable": readable, "cgroup": cgroup, "group_memory": GROUP_MEMORY}


def _remove_stale_cgroups(folder):
    """Empty cgroups left by learners of a grader that was killed outright (rmdir fails on a busy one)."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith("nndl-learner-")]
    except OSError:
        return
    for name in names:
        pid = name.rsplit("-", 1)[1]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            try:
                os.rmdir(os.path.join(folder, name))
            except OSError:
                pass


def memory_cgroup():
    """``[folder, version]`` of this process's memory cgroup, where a learner's can be made; or None.

    cgroup v1: the hierarchy mounted with the ``memory`` option; v2: the unified hierarchy, when
    this process's cgroup hands the memory controller down (``cgroup.subtree_control``).
    """
    try:
        with open("/proc/self/cgroup") as f:
            memberships = [line.rstrip("\n").split(":", 2) for line in f if line.count(":") >= 2]
        with open("/proc/self/mountinfo") as f:
            mounts = [line.split(" - ") for line in f if " - " in line]
    except OSError:
        return None
    for left, right in mounts:
        fields, (fstype, _, options, *_) = left.split(), right.split()
        root, mount_point = fields[3], fields[4]
        if fstype == "cgroup" and "memory" in options.split(","):
            version, wanted = 1, lambda controllers: "memory" in controllers.split(",")
        elif fstype == "cgroup2":
            version, wanted = 2, lambda controllers: controllers == ""
        else:
            continue
        for _, controllers, path in memberships:
            if wanted(controllers) and _inside(path, root):
                folder = os.path.join(mount_point, os.path.relpath(path, root))
                if version == 2 and not _hands_down_memory(folder):
                    continue
                if os.access(folder, os.W_OK):
                    return [os.path.normpath(folder), version]
    return None


def _hands_down_memory(folder):
    try:
        with open(os.path.join(folder, "cgroup.subtree_control")) as f:
            return "memory" in f.read().split()
    except OSError:
        return False


def learner_cgroup(settings, pid):
    """The memory cgroup folder of the learner process ``pid`` (None: none)."""
    return os.path.join(settings["cgroup"][0], f"nndl-learner-{pid}") if settings.get("cgroup") else None


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@functools.lru_cache(maxsize=1)
def _interpreter_paths():
    """Folders the learner's interpreter reads from: its prefixes and library folders, this project."""
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable)), PROJECT}
    paths.update(sysconfig.get_paths().get(name, "") for name in ("stdlib", "platstdlib", "purelib", "platlib"))
    return frozenset(os.path.realpath(p) for p in paths if p and os.path.isdir(p))


# -- in the learner's process ------------------------------------------------------------------------
_libc = None


def _call(function, *args):
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    if getattr(_libc, function)(*args) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{function}: {os.strerror(code)}")


def _mount(source, target, fstype, flags, options=None):
    _call("mount", source.encode() if source else None, target.encode(), fstype.encode() if fstype else None,
          ctypes.c_ulong(flags), options.encode() if options else None)


def enter(settings):
    """Confine this process as ``settings`` (from ``plan``) says; return ``{guarantee: True|reason}``."""
    held = {}

    def step(name, action):
        try:
            action()
            held[name] = True
        except (OSError, ValueError) as e:
            held[name] = f"{type(e).__name__}: {e}"

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the file-size limit a write fails (EFBIG)
    step("address space limit", lambda: _limit(resource.RLIMIT_AS, settings["memory"]))
    step("file size limit", lambda: _limit(resource.RLIMIT_FSIZE, settings["file_size"]))
    step("no core files", lambda: _limit(resource.RLIMIT_CORE, 0))
    step("open files limit", lambda: _limit(resource.RLIMIT_NOFILE, MAX_OPEN_FILES))
    if not can_confine():
        reason = "needs root on Linux"
        for name in ("user of its own", "no network", "hidden paths", "private temporary folders"):
            held[name] = reason
        # RLIMIT_NPROC counts every process of the user: allow what runs now, plus the learner's.
        step("process limit", lambda: _limit(resource.RLIMIT_NPROC, _processes_of(os.getuid()) + settings["processes"]))
        step("dies with the grader", _die_with_parent)
        return held
    workdir = settings["workdir"]
    uid = learner_uid(os.getpid())
    if settings.get("cgroup"):
        step("memory limit of all its processes", lambda: _join_memory_cgroup(settings))
    else:
        held["memory limit of all its processes"] = "no writable memory cgroup on this machine"
    step("namespaces", lambda: _call("unshare", CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC))
    namespaces = held["namespaces"] is True
    held["no network"] = held.pop("namespaces")
    if namespaces:
        step("private mounts", lambda: _mount(None, "/", None, MS_REC | MS_PRIVATE))
        if held.pop("private mounts") is not True:
            namespaces = False
    if namespaces:
        # The working folder and the interpreter's folders stay where they are, whatever is
        # covered: under /tmp (a clone in /tmp), under a private home (pyenv in /root).
        needed = [workdir, *settings["readable"]]
        step("private temporary folders", lambda: _private_temporary(needed))
        step("interpreter readable", lambda: _reveal(settings["readable"]))
        step("hidden paths", lambda: _hide_all(settings["hide"]))
        step("working folder", lambda: os.chdir(workdir))
        if held.pop("working folder") is not True:
            held["private temporary folders"] = "the working folder was lost"
    else:
        held["hidden paths"] = held["private temporary folders"] = "no mount namespace"
    step("user of its own", lambda: _become(uid))
    # RLIMIT_NPROC counts the processes of a user, and root is exempt: it only means something
    # once the learner has a user of its own.
    if held["user of its own"] is True:
        step("process limit", lambda: _limit(resource.RLIMIT_NPROC, settings["processes"]))
    else:
        held["process limit"] = "no user of its own"
    step("dies with the grader", _die_with_parent)
    step("no new privileges", lambda: _call("prctl", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
    return held


def _join_memory_cgroup(settings):
    """Move this process (and so all it will start) into a memory cgroup of its own, with a limit."""
    folder, version = settings["cgroup"]
    mine = learner_cgroup(settings, os.getpid())
    os.mkdir(mine)
    limit = str(settings["group_memory"])
    if version == 1:
        _write(os.path.join(mine, "memory.limit_in_bytes"), limit)
        if os.path.exists(os.path.join(mine, "memory.memsw.limit_in_bytes")):  # swap counted too
            _write(os.path.join(mine, "memory.memsw.limit_in_bytes"), limit)
    else:
        _write(os.path.join(mine, "memory.max"), limit)
        if os.path.exists(os.path.join(mine, "memory.swap.max")):
            _write(os.path.join(mine, "memory.swap.max"), "0")
    _write(os.path.join(mine, "cgroup.procs"), str(os.getpid()))


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def _limit(which, value):
    resource.setrlimit(which, (value, value))


def _processes_of(uid):
    """Processes and threads the user ``uid`` runs now (Linux /proc)."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                pass
    return count


def _die_with_parent():
    parent = os.getppid()
    _call("prctl", PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the grader ended before the request: end now
        os._exit(1)


def _hide_all(paths):
    """Hide each path; one that is already out of sight (under a revealed parent) is skipped."""
    failed = []
    for path in paths:
        if not os.path.lexists(path):
            continue
        try:
            _hide(path)
        except OSError as e:
            failed.append(f"{path}: {e}")
    if failed:
        raise OSError(f"not hidden: {'; '.join(failed)}")


def _hide(path):
    """An empty read-only file system over a folder; /dev/null over a file."""
    if os.path.isdir(path):
        _mount("nndl-hidden", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=555")
    else:
        _mount("/dev/null", path, None, MS_BIND)


def _private_temporary(needed):
    """Fresh, empty, writable /tmp, /var/tmp and /dev/shm; the ``needed`` paths under them stay."""
    for folder in PRIVATE_DIRS:
        if os.path.isdir(folder) and not os.path.islink(folder):
            _cover(folder, [p for p in needed if _inside(p, folder) and p != folder],
                   f"size={PRIVATE_SIZE},mode=1777")


def _reveal(paths):
    """Make ``paths`` reachable past a parent folder others may not enter (pyenv in ``/root``).

    The private parent is replaced by an empty read-only folder in which only the paths under it
    are mounted back: the rest of it (root's home, the grader's cache) stays out of sight.
    """
    blocked = {}
    for path in paths:
        parent = _first_private_parent(path)
        if parent is not None:
            blocked.setdefault(parent, []).append(path)
    for parent, inside in blocked.items():
        mode = stat.S_IMODE(os.stat(parent).st_mode) | 0o555
        _cover(parent, inside, f"size=4k,mode={mode:o}", read_only=True)


def _cover(folder, keep, options, read_only=False):
    """Mount an empty file system over ``folder``, then mount each path of ``keep`` back in it."""
    outermost = [p for p in sorted(set(keep)) if not any(_inside(p, q) and p != q for q in keep)]
    # Opened before the folder is covered: /proc/self/fd/N still leads to the original.
    kept = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for p in outermost if os.path.isdir(p)}
    try:
        _mount("nndl-cover", folder, "tmpfs", MS_NOSUID | MS_NODEV, options)
        for path, fd in kept.items():
            os.makedirs(path, mode=0o755, exist_ok=True)
            _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        if read_only:
            _mount(None, folder, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    finally:
        for fd in kept.values():
            os.close(fd)


def _first_private_parent(path):
    """The outermost folder on the way to ``path`` that others may not enter, or None."""
    current = "/"
    for part in path.strip("/").split("/"):
        current = os.path.join(current, part)
        try:
            if not os.stat(current).st_mode & stat.S_IXOTH:
                return current
        except OSError:
            return None
    return None


def _become(uid):
    """Give the working folder (the current one) and what is in it to ``uid``, and become ``uid``."""
    os.chown(".", uid, uid)
    for name in os.listdir("."):
        os.chown(name, uid, uid)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


# -- in the grader ---------------------------------------------------------------------------------
def sweep(pid):
    """Kill every process of the learner user of the process ``pid`` (what it forked included).

    A process started with ``setsid`` leaves the learner's process group; it keeps the user. The
    kill is sent by a short-lived process of that user (``kill(-1)`` reaches exactly the processes
    of one's own user), so no process of anyone else can be hit.
    """
    if not can_confine():
        return
    uid = learner_uid(pid)
    kill = shutil.which("kill", path="/usr/bin:/bin")
    if kill:
        subprocess.run([kill, "-KILL", "-1"], user=uid, group=uid, extra_groups=[], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd="/")
        return
    child = os.fork()
    if child == 0:  # pragma: no cover - the child ends here
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def release(settings, pid):
    """Remove the memory cgroup of the learner process ``pid`` once its processes are gone."""
    folder = learner_cgroup(settings, pid) if settings else None
    if folder is None or not os.path.isdir(folder):
        return
    for _ in range(50):  # the kernel empties it a moment after the last kill
        try:
            os.rmdir(folder)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.01)


def cpu_seconds(pid):
    """CPU time (user + system) the process ``pid`` has used so far, or None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def limit_cpu(pid, seconds):
    """Let the process ``pid`` use ``seconds`` more of CPU time: then SIGXCPU (and, as root, SIGKILL a second later).

    Returns the soft limit set (total CPU seconds of the process), or None when it could not be set.
    Without root, a hard limit once lowered cannot be raised again for the next call: only the soft
    limit is set (a learner's code could raise it back; the wall-clock limit still holds).
    """
    used = cpu_seconds(pid)
    if used is None or not hasattr(resource, "prlimit"):
        return None
    soft = int(used + seconds) + 1
    try:
        if os.geteuid() == 0:
            resource.prlimit(pid, resource.RLIMIT_CPU, (soft, soft + 1))
        else:
            hard = resource.prlimit(pid, resource.RLIMIT_CPU)[1]
            if hard != resource.RLIM_INFINITY and hard < soft:
                return None
            resource.prlimit(pid, resource.RLIMIT_CPU, (soft, hard))
    except (OSError, ValueError):
        return None
    return soft


def settings_from_environment():
    """The plan the grader put in this process's environment (None: none)."""
    text = os.environ.get(ENVIRONMENT)
    return json.loads(text) if text else None


