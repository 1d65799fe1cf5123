; zlib.decompress(data), gzip.decompress(...), decompressobj().decompress(data)
(call
  function: (attribute
    attribute: (identifier) @method)
  (#eq? @method "decompress")) @call

; from zlib import decompress; decompress(data)
(call
  function: (identifier) @function
  (#eq? @function "decompress")) @call

; from zlib import decompress as inflate: the detector visits inflate(...)
(import_from_statement
  name: (aliased_import
    name: (dotted_name) @imported) @alias
  (#eq? @imported "decompress"))

; gzip.open(...).read(), GzipFile(fileobj=...).read()
(call
  function: (attribute
    attribute: (identifier) @method)
  (#eq? @method "read")) @read
