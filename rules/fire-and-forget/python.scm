; Every call: the detector asks the knowledge base whether it spawns a task
; (asyncio.create_task, loop.create_task, a renamed import of either).
(call
  arguments: (argument_list)) @call
