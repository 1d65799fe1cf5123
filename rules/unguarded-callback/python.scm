; class Handler(FileSystemEventHandler): def on_created(self, event): ...
(class_definition
  superclasses: (argument_list)) @class

; threading.Thread(target=f), threading.Timer(t, f), signal.signal(sig, f)
(call
  function: (attribute
    attribute: (identifier) @function)
  (#any-of? @function "Thread" "Timer" "signal")) @spawn

(call
  function: (identifier) @function
  (#any-of? @function "Thread" "Timer" "signal")) @spawn

; from threading import Thread as T: the detector visits the calls of T
(import_from_statement
  name: (aliased_import
    name: (dotted_name) @imported) @alias
  (#any-of? @imported "Thread" "Timer" "signal"))
