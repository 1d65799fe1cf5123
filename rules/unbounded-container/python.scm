; Decorated methods: functools.cache / lru_cache(maxsize=None) on a method.
; The decorator is resolved in the detector, so `import functools as ft`
; and `from functools import cache as memo` are covered.
(class_definition
  body: (block
    (decorated_definition
      (decorator) @decorator
      definition: (function_definition name: (identifier) @name)) @definition))
