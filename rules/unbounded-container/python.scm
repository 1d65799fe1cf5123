; Decorated methods: functools.cache / lru_cache(maxsize=None) on a method.
; The decorator is resolved in the detector, so `import functools as ft`
; and `from functools import cache as memo` are covered.
(class_definition
  body: (block
    (decorated_definition
      (decorator) @decorator
      definition: (function_definition name: (identifier) @name)) @definition))

; Functions called by name at import time: top-level statements (also in a
; top-level for/if) and decorators. What they add is added once.
(module (expression_statement (call function: (identifier) @import_call)))
(module
  [(for_statement (block (expression_statement (call function: (identifier) @import_call))))
   (if_statement (block (expression_statement (call function: (identifier) @import_call))))
   (try_statement (block (expression_statement (call function: (identifier) @import_call))))])
(decorator (identifier) @import_call)
(decorator (call function: (identifier) @import_call))
