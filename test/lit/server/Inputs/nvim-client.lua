-- Drives hazardlint's language server from Neovim's built-in LSP client
-- (0.7 and later: vim.lsp.start_client and buf_attach_client).
--
--   HAZARDLINT=... WORKSPACE=DIR OUT=DIR nvim --headless --clean -n \
--     -c 'luafile nvim-client.lua' FILE:ACTION...
--
-- For each FILE of the argument list (relative to WORKSPACE) it opens the
-- file, waits for hazardlint's diagnostics, asks for the code actions of the
-- first one and applies the one whose title contains ACTION ("preferred":
-- the action marked isPreferred), then writes the buffer's text to
-- OUT/FILE. It prints what it saw to OUT/log and quits with 0, or 1 on any
-- failure.
local hazardlint = assert(os.getenv("HAZARDLINT"), "HAZARDLINT unset")
local workspace = assert(os.getenv("WORKSPACE"), "WORKSPACE unset")
local out_dir = assert(os.getenv("OUT"), "OUT unset")
local log = assert(io.open(out_dir .. "/log", "w"))
local timings = assert(io.open(out_dir .. "/timings", "w"))

local function say(line)
  log:write(line, "\n")
  log:flush()
end

local messages = {}
local client_id = vim.lsp.start_client({
  name = "hazardlint",
  cmd = { hazardlint, "server" },
  root_dir = workspace,
  init_options = { debounceMs = 50 },
  handlers = {
    ["window/showMessage"] = function(_, result)
      table.insert(messages, result.message)
    end,
  },
})
assert(client_id, "the server did not start")

local function run(spec)
  local file, wanted = spec:match("^(.-):(.+)$")
  vim.cmd("edit " .. vim.fn.fnameescape(workspace .. "/" .. file))
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(buf, client_id), "attach failed")
  local started = vim.loop.hrtime()
  local found = vim.wait(60000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 5)
  assert(found, file .. ": no diagnostics")
  timings:write(string.format("%s %.1f ms\n", file,
    (vim.loop.hrtime() - started) / 1e6))
  local diagnostic = vim.diagnostic.get(buf)[1]
  local lsp = diagnostic.user_data.lsp
  say(string.format("%s:%d:%d: %s [%s] %s", file, diagnostic.lnum + 1,
    diagnostic.col + 1, diagnostic.source, lsp.code, diagnostic.message))
  -- 0.7 keeps only some LSP fields in user_data; rebuild the range.
  local range = {
    start = { line = diagnostic.lnum, character = diagnostic.col },
    ["end"] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
  }
  lsp.range = lsp.range or range
  lsp.message = lsp.message or diagnostic.message
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = { lsp } },
  }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction",
    params, 60000)
  assert(replies and replies[client_id], file .. ": no code actions")
  assert(not replies[client_id].err,
    file .. ": " .. vim.inspect(replies[client_id].err))
  local chosen
  for _, action in ipairs(replies[client_id].result or {}) do
    say(file .. ": action: " .. action.title)
    if not chosen and ((wanted == "preferred" and action.isPreferred)
        or (wanted ~= "preferred" and action.title:find(wanted, 1, true))) then
      chosen = action
    end
  end
  assert(chosen, file .. ": no action matches '" .. wanted .. "'")
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  say(file .. ": applied: " .. chosen.title)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local fixed = assert(io.open(out_dir .. "/" .. file, "w"))
  fixed:write(table.concat(lines, "\n"), "\n")
  fixed:close()
end

local ok, err = pcall(function()
  for _, spec in ipairs(vim.fn.argv()) do
    run(spec)
  end
end)
for _, message in ipairs(messages) do
  say("message: " .. message)
end
if not ok then
  say("error: " .. tostring(err))
  io.stderr:write("nvim-client: ", tostring(err), "\n")
end
vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 10)
vim.cmd((ok and "qall!" or "cquit 1"))
