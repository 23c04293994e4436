"""Column mapping: posts from tables whose columns are not Pantau's canonical fields.

``spec`` is the mapping itself (which column or constant feeds each canonical field) and its
text form (``--map``); ``dates`` reads the date styles people's files use; ``sample`` reads
the first rows of a file to see its columns; ``bind`` ties a mapping to one file's columns
and turns its rows into canonical objects; ``profiles`` are mappings saved by name or
shipped for common tools' exports, recognised from a file's header; ``guess`` proposes a
mapping from header names and values; ``plan`` decides, for one file, which of these applies.
"""
