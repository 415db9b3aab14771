"""Static files as the production server serves them: hashed, compressed, cached for ten years.

``collectstatic`` (run by ``motebok serve`` before it starts) copies every file to
``STATIC_ROOT`` under its plain name and under a name carrying a hash of its content, writes
gzip and Brotli versions next to them and a manifest mapping one name to the other. WhiteNoise
then serves them from the web process: the hashed names with a ten-year, immutable
``Cache-Control``, the plain names with a short one.

Both halves are switched on only in a process that has called :func:`serve_collected_files`,
that is in ``motebok serve``, right after its own ``collectstatic``: there the manifest and the
files are known to be fresh. Everywhere else (the test suite, ``runserver``, the shell) pages
link to the plain names, which need no manifest, and the middleware does not scan
``STATIC_ROOT``: files left behind by an earlier run in the same data folder can neither point a
page at a file that was not collected nor slow down every test client that starts.
"""

from __future__ import annotations

from pathlib import Path

import brotli
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.functional import empty
from whitenoise.compress import Compressor
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Brotli's top quality (11, WhiteNoise's default) took some 20 s of CPU for the 6 MB of collected
# static files, at every start of `motebok serve`; quality 9 takes about a second and gives files
# a tenth larger (axe.min.js: 166 KB instead of 151 KB), still smaller than gzip's (182 KB).
BROTLI_QUALITY = 9


class StaticFilesCompressor(Compressor):
    @staticmethod
    def compress_brotli(data):
        return brotli.compress(data, quality=BROTLI_QUALITY)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage, linking to hashed names only once switched on."""

    collected = False  # switched on by serve_collected_files()

    def create_compressor(self, **kwargs):
        return StaticFilesCompressor(**kwargs)

    def stored_name(self, name):
        if not type(self).collected:
            return name
        return super().stored_name(name)


def serve_collected_files() -> None:
    """From now on this process, and the workers it forks, serve the files that
    ``collectstatic`` has just collected and link to their hashed names."""
    StaticFilesStorage.collected = True
    # Read the manifest again at the next use, should the storage have been set up before.
    staticfiles_storage._wrapped = empty


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise's middleware, serving ``STATIC_ROOT`` once :func:`serve_collected_files` has
    been called (and, in debug mode, the app folders' files as WhiteNoise does by itself)."""

    def add_files(self, root, prefix=None):
        if self.autorefresh or (StaticFilesStorage.collected and Path(root).is_dir()):
            super().add_files(root, prefix)
