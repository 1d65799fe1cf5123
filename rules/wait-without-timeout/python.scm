; x.run(...), x.Popen(...).wait(), t.join(), q.get(), s.get(...), ...:
; methods and module functions whose names may wait
(call
  function: (attribute
    attribute: (identifier) @method)
  arguments: (argument_list) @args
  (#any-of? @method "run" "call" "check_call" "check_output" "urlopen"
    "wait" "communicate" "join" "acquire" "get" "result"
    "post" "put" "patch" "delete" "head" "options" "request")) @call

; run(...), urlopen(...) after `from subprocess import run`: the module
; functions of the list above
(call
  function: (identifier) @function
  arguments: (argument_list) @args
  (#any-of? @function "run" "call" "check_call" "check_output" "urlopen"
    "get" "post" "put" "patch" "delete" "head" "options" "request")) @call

; sh(...) after `from subprocess import run as sh`: the detector visits the
; calls of the alias
(import_from_statement
  name: (aliased_import
    name: (dotted_name) @imported) @alias
  (#any-of? @imported "run" "call" "check_call" "check_output" "urlopen"
    "get" "post" "put" "patch" "delete" "head" "options" "request"))
