"""Loading an operator's own GeoJSON layer (runs on the DB worker: file I/O off the UI thread).

`load_user_layer(path, datum)` tries the file as a polygon layer, then as lines, then as
points (whichever its geometry type is); every other refusal is the loader's `GeoError`, whose
text names the file, the feature and what is wrong. A file that declares no datum and is given
none fails with a message containing `NO_DATUM_MARK`, so the page can ask the operator which
datum it is (a datum is never guessed).
"""

from __future__ import annotations

from commandcenter.geo.layers import LINE, POINT, POLYGON, GeoError, Layer, read_layer

NO_DATUM_MARK = "declares no coordinate datum"
_WRONG_KIND = "layer takes only"


def load_user_layer(path: str, datum: str | None = None) -> Layer:
    error: GeoError | None = None
    for kind in (POLYGON, LINE, POINT):
        try:
            return read_layer(path, kind=kind, datum=datum)
        except GeoError as exc:
            if _WRONG_KIND not in str(exc):
                raise
            error = error or exc
    raise error  # mixed geometry kinds: report the polygon attempt's message
