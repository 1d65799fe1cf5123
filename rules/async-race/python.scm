; self.n = v + 1 / self.n += await f() in a coroutine
(assignment
  left: (attribute
    object: (identifier)) @target) @write

(augmented_assignment
  left: (attribute
    object: (identifier)) @target) @write

; global counter; counter = v + 1
(global_statement) @global

; state shared between thread callbacks and coroutines of one class
(class_definition
  body: (block)) @class
