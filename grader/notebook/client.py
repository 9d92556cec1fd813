"""The kernel's side of the grading process (``grader.notebook.server``): start it once, send a request,
show progress while it grades, and stop it, with every learner process it started, on an interrupt."""

import atexit
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from grader.notebook.session import NotCheckable

SHOW_AFTER = 1.0  # seconds before a progress bar appears (quick checks show none)
STOP_WAIT = 3.0  # seconds the grading process gets to stop its learner processes after SIGTERM
LOG_TAIL = 2000  # characters of the grading process's stderr shown when it fails


class Server:
    """One grading process for this kernel, started on the first check and kept warm."""

    current = None

    def __init__(self):
        self.log = tempfile.TemporaryFile(mode="w+", prefix="nndl-check-")
        command = [sys.executable, "-m", "grader.notebook.server"]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                            text=True, encoding="utf-8", bufsize=1, start_new_session=True,
                                            cwd=os.getcwd())
        except OSError as e:
            raise NotCheckable(f"check cannot start the grading process ({' '.join(command)}): {e.strerror or e}; "
                               f"from a terminal, `grade FILE` grades the saved file") from None
        ready = self._read()
        if ready is None or ready.get("op") != "ready":
            self.stop()
            raise NotCheckable(f"the grading process did not start{self._log_tail()}")

    @classmethod
    def get(cls):
        if cls.current is None or cls.current.process.poll() is not None:
            cls.current = Server()
        return cls.current

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            return None
        try:
            return json.loads(line)
        except ValueError:
            return None

    def _log_tail(self):
        try:
            self.log.seek(0)
            text = self.log.read()[-LOG_TAIL:].strip()
        except (OSError, ValueError):
            text = ""
        return f": {text.splitlines()[-1]}" if text else ""

    def request(self, message, on_progress):
        """Send ``message`` and return the final reply; ``on_progress(reply)`` for each progress line.
        On KeyboardInterrupt the process and its learner processes are stopped, and it is raised again."""
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
            while True:
                reply = self._read()
                if reply is None:
                    code = self.process.poll()
                    self.stop()
                    raise NotCheckable(f"the grading process ended (exit code {code}) before it answered"
                                       f"{self._log_tail()}; check again to start a new one")
                if reply.get("op") in ("progress", "checked"):
                    on_progress(reply)
                    continue
                return reply
        except BrokenPipeError:
            self.stop()
            raise NotCheckable(f"the grading process is gone{self._log_tail()}; check again to start a new one") \
                from None
        except KeyboardInterrupt:
            self.stop()
            raise

    def stop(self):
        """SIGTERM (it kills its learner processes and ends), then SIGKILL to its whole process group."""
        process = self.process
        if process.poll() is None:
            try:
                process.send_signal(signal.SIGTERM)
                process.wait(STOP_WAIT)
            except subprocess.TimeoutExpired:
                pass
            except OSError:
                pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
        process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if Server.current is self:
            Server.current = None


@atexit.register
def _stop_at_exit():
    if Server.current is not None:
        Server.current.stop()


class Progress:
    """A progress line for a check that takes more than ``SHOW_AFTER`` seconds: a bar in Jupyter
    (an updated display), a line redrawn on a terminal's stderr, nothing elsewhere."""

    def __init__(self, names, rich):
        self.names, self.rich = names, rich
        self.handle, self.width, self.start = None, 0, time.monotonic()
        self.verdicts = []  # ("✓" or "✗", check name, seconds after the start): the checks ended so far

    def words(self, reply):
        done, total, elapsed, expected = (reply.get(k) for k in ("done", "total", "elapsed", "expected"))
        line = f"checking {self.names}: {done} of {total} checks done, {elapsed:.0f} s"
        return line + (f" (the same checks took {expected:.0f} s at the last grading here)" if expected else "")

    def __call__(self, reply):
        if reply.get("op") == "checked":
            mark = "✓" if reply.get("outcome") == "passed" else "✗"
            self.verdicts.append((mark, reply.get("name", ""), time.monotonic() - self.start))
            return
        if time.monotonic() - self.start < SHOW_AFTER:
            return
        line = self.words(reply)
        if self.rich:
            from IPython.display import display

            elapsed, expected = reply.get("elapsed") or 0, reply.get("expected")
            bar = (f'<progress value="{min(elapsed, expected):.1f}" max="{expected:.1f}"></progress> '
                   if expected else '<progress></progress> ')
            done = "".join(f"<div>{mark} {_escape(name)}</div>" for mark, name, _ in self.verdicts)
            bundle = {"text/html": f"<div>{bar}<span>{_escape(line)}</span>{done}</div>",
                      "text/plain": "\n".join([line] + [f"{mark} {name}" for mark, name, _ in self.verdicts])}
            if self.handle is None:
                self.handle = display(bundle, raw=True, display_id=True)
            else:
                self.handle.update(bundle, raw=True)
        elif sys.stderr.isatty():
            sys.stderr.write("\r" + line.ljust(self.width))
            sys.stderr.flush()
            self.width = max(self.width, len(line))

    def clear(self):
        if self.handle is not None:
            self.handle.update({"text/plain": "", "text/html": ""}, raw=True)
        elif self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def _escape(text):
    import html

    return html.escape(text)
