; asyncio.create_task(...), loop.create_task(...), asyncio.ensure_future(...)
(call
  function: (attribute
    attribute: (identifier) @method)
  (#any-of? @method "create_task" "ensure_future")) @call

; create_task(...) after `from asyncio import create_task`
(call
  function: (identifier) @function
  (#any-of? @function "create_task" "ensure_future")) @call

; from asyncio import create_task as spawn: the detector visits spawn(...)
(import_from_statement
  name: (aliased_import
    name: (dotted_name) @imported) @alias
  (#any-of? @imported "create_task" "ensure_future"))
