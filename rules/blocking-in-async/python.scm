; Every `async def`; the detector walks its body, skipping nested sync
; functions, lambdas and classes, which do not run on the event loop.
(function_definition
  "async"
  name: (identifier) @name
  body: (block) @body) @function
