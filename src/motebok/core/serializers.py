"""Django's JSON serialization with times kept to the microsecond.

Django's own encoder cuts times to milliseconds, so a backup (``motebok backup``, which writes
through ``dumpdata``) would lose the rest and a restored row would differ from the original.
Registered for the ``json`` format in settings (SERIALIZATION_MODULES); reading is Django's.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as DjangoSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(DjangoSerializer):
    def _init_options(self):
        super()._init_options()
        if "cls" not in self.options:
            self.json_kwargs["cls"] = ExactEncoder
