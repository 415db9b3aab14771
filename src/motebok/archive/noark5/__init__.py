"""The Noark 5 v5.0 archive extract of a cooperation's meetings (``motebok export-archive``)."""
