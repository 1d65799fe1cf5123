; Lock regions: `with` statements and `x.acquire()` statements, awaited or
; not (the detector keeps those whose context is a lock).
(with_statement body: (block)) @with

(expression_statement
  (call
    function: (attribute attribute: (identifier) @method)
    (#eq? @method "acquire"))) @acquire

(expression_statement
  (await
    (call
      function: (attribute attribute: (identifier) @method)
      (#eq? @method "acquire")))) @acquire

; Module and class level lock definitions, so that locks imported from
; another file of the run are known to be locks.
(module
  (expression_statement
    (assignment left: (identifier) @lockvar right: (call) @lockvalue)))

(class_definition
  body: (block
    (expression_statement
      (assignment left: (identifier) @lockvar right: (call) @lockvalue))))
