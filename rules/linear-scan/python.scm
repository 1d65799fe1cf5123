; min(cache, key=...) / max(cache.items(), key=...): one iterable, resolved to
; a dict in the detector (two positional arguments are min(a, b)).
(call
  function: (identifier) @function
  arguments: (argument_list . (_) @iterable)
  (#any-of? @function "min" "max")) @minmax

; x in xs / x not in xs, judged by the type of xs and the loops around it.
(comparison_operator ["in" "not in"]) @membership
