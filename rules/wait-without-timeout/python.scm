; Every call: the detector asks the knowledge base whether what it calls
; waits, and how its bound is given.
(call
  arguments: (argument_list)) @call
