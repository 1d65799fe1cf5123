; zlib.decompress(data), gzip.decompress(...), decompressobj().decompress(data)
(call
  function: (attribute
    attribute: (identifier) @method)
  (#eq? @method "decompress")) @call

; from zlib import decompress; decompress(data)
(call
  function: (identifier) @function
  (#eq? @function "decompress")) @call

; gzip.open(...).read(), GzipFile(fileobj=...).read()
(call
  function: (attribute
    attribute: (identifier) @method)
  (#eq? @method "read")) @read
