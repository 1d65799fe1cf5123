#include "Server/LanguageServer.h"

#include "Core/Config.h"
#include "Core/Discovery.h"
#include "Core/Fixes.h"
#include "Engine/Driver.h"
#include "Output/Writers.h"
#include "Server/TextPositions.h"
#include "Server/Transport.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <chrono>
#include <condition_variable>
#include <map>
#include <set>
#include <thread>

namespace hazard::server {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// JSON-RPC and LSP error codes.
enum ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  ServerNotInitialized = -32002,
};

/// A finding as a buffer shows it: Delta moves it from the text it was
/// found in to the buffer's lines; Exact says its fix applies to the buffer.
struct Shown {
  Finding F;
  int Delta = 0;
  bool Exact = true;
};

struct Document {
  std::string Uri, Path;
  Language Lang = Language::Python;
  int64_t Version = 0;
  std::string Text;
  bool Scheduled = false, Linting = false;
  Clock::time_point Due;
  // The last lint: the text it saw and what it found.
  int64_t LintedVersion = -1;
  std::string LintedText;
  std::vector<Finding> Findings;
  std::vector<Notification> Notes;
  std::vector<Shown> Diagnostics; // Findings with the workspace's facts
};

/// What the whole workspace says about one file that a lint of the file
/// alone cannot: findings only the workspace makes, and findings that other
/// files show to be wrong (a member bounded in another file).
struct WorkspaceFacts {
  std::string Text; // the text the workspace run saw
  std::vector<Finding> Added, Removed;
};

struct LintOutcome {
  std::vector<Finding> Findings;
  std::vector<Notification> Notes, RunNotes;
  std::string ConfigError;
};

/// Client settings: initializationOptions, or workspace/didChangeConfiguration
/// under "hazardlint".
struct Settings {
  unsigned DebounceMs = 200;
  std::string CompileCommandsDir; // relative to the workspace root
};

/// The nearest .hazardlint.toml of each file, reloaded whole when one changes.
class Configs {
public:
  const Config *configFor(const std::string &Path, std::string &Error) {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Resolver.configFor(Path, Error);
  }

private:
  std::mutex Mutex;
  ConfigResolver Resolver;
};

std::string pathFromUri(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return "";
  std::string Out;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() + 0 &&
        !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Out += static_cast<char>(Byte);
      I += 2;
    } else {
      Out += Uri[I];
    }
  }
  return Out;
}

std::string absolute(const std::string &Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  return std::string(Abs);
}

int lspSeverity(Severity S) {
  switch (S) {
  case Severity::Error:
    return 1;
  case Severity::Warning:
    return 2;
  case Severity::Note:
    return 3;
  }
  return 2;
}

std::string trimmed(llvm::StringRef S) { return S.trim().str(); }

/// Matches a finding of one text to the same finding of an edited text.
std::string identity(const Finding &F) {
  return F.RuleId + '\0' + F.Message + '\0' + trimmed(F.LineText);
}

class LanguageServer {
public:
  explicit LanguageServer(Transport &T) : T(T) {}
  int run();

private:
  // Messages.
  void handle(const json &Message);
  json dispatchRequest(const std::string &Method, const json &Params);
  void dispatchNotification(const std::string &Method, const json &Params);
  json initialize(const json &Params);
  void applySettings(const json &Options);
  void didOpen(const json &Params);
  void didChange(const json &Params);
  void didSave(const json &Params);
  void didClose(const json &Params);
  json codeActions(const json &Params);
  json hover(const json &Params);
  void reloadConfigs();

  // Linting.
  LintOutcome lint(const std::string &Path, const std::string &Text,
                   Language Lang);
  void store(Document &D, int64_t Version, std::string Text,
             LintOutcome Outcome);
  void ensureLinted(const std::string &Uri);
  void lintWorker();
  void workspaceWorker();
  void analyzeWorkspace();
  cpp::CompileSettings compileSettings();
  void checkCompileEntry(const std::string &Path);
  void noteConfigStamps(const std::string &Path);
  bool configsChanged();

  // Output; called with Mutex held.
  void publish(Document &D);
  void merge(Document &D);
  json range(const TextRange &R, int Delta) const;
  json diagnostic(const Shown &S) const;
  void tellOnce(int Type, const std::string &Message);
  void schedule(Document &D, unsigned DelayMs);

  Transport &T;
  std::mutex Mutex;
  std::condition_variable Wake;
  std::map<std::string, Document> Docs; // by URI
  std::map<std::string, WorkspaceFacts> Facts;
  std::shared_ptr<Configs> ConfigSet = std::make_shared<Configs>();
  Settings Options;
  std::string Root;
  bool Utf8 = false;
  bool Initialized = false, ShutdownRequested = false, Stopping = false;
  bool WorkspaceWanted = false, WorkspaceRunning = false;
  std::set<std::string> Told;
  /// The config file of each directory above an analysed buffer as it was
  /// when read (see configStamp), to notice edits no client reports.
  std::map<std::string, std::string> ConfigStamps;
  // compile_commands.json, loaded to tell which buffers it lacks.
  std::string CompileDbPath;
  std::unique_ptr<clang::tooling::CompilationDatabase> CompileDb;
};

int LanguageServer::run() {
  std::vector<std::thread> Workers;
  for (int I = 0; I < 2; ++I)
    Workers.emplace_back([this] { lintWorker(); });
  std::thread Workspace([this] { workspaceWorker(); });
  int Code = 1;
  while (true) {
    json Message;
    std::string Error;
    Transport::Status S = T.read(Message, Error);
    if (S == Transport::Status::EndOfInput) {
      llvm::errs() << "hazardlint server: input closed without 'exit'\n";
      break;
    }
    if (S == Transport::Status::BadHeader) {
      llvm::errs() << "hazardlint server: " << Error << "; stopping\n";
      break;
    }
    if (S == Transport::Status::BadJson) {
      T.send({{"jsonrpc", "2.0"},
              {"id", nullptr},
              {"error", {{"code", ParseError}, {"message", Error}}}});
      continue;
    }
    if (Message.is_object() && Message.value("method", "") == "exit") {
      Code = ShutdownRequested ? 0 : 1;
      break;
    }
    handle(Message);
  }
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Stopping = true;
  }
  Wake.notify_all();
  for (std::thread &W : Workers)
    W.join();
  bool Busy;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Busy = WorkspaceRunning;
  }
  if (Busy) {
    // A workspace run cannot be interrupted; the client asked to exit now.
    std::fflush(nullptr);
    std::_Exit(Code);
  }
  Workspace.join();
  return Code;
}

void LanguageServer::handle(const json &Message) {
  if (!Message.is_object() || !Message.contains("method")) {
    if (Message.is_object() && Message.contains("id") &&
        (Message.contains("result") || Message.contains("error")))
      return; // a response to a request of ours
    T.send({{"jsonrpc", "2.0"},
            {"id", Message.is_object() ? Message.value("id", json()) : json()},
            {"error",
             {{"code", InvalidRequest},
              {"message", "not a JSON-RPC request or notification"}}}});
    return;
  }
  std::string Method = Message["method"].is_string()
                           ? Message["method"].get<std::string>()
                           : std::string();
  json Params = Message.value("params", json::object());
  bool IsRequest = Message.contains("id");
  try {
    if (!IsRequest) {
      if (Initialized || Method == "initialized")
        dispatchNotification(Method, Params);
      return;
    }
    json Id = Message["id"];
    json Reply = {{"jsonrpc", "2.0"}, {"id", Id}};
    if (!Initialized && Method != "initialize") {
      Reply["error"] = {{"code", ServerNotInitialized},
                        {"message", "the server is not initialized"}};
    } else if (ShutdownRequested) {
      Reply["error"] = {{"code", InvalidRequest},
                        {"message", "the server is shutting down"}};
    } else {
      json Result = dispatchRequest(Method, Params);
      if (Result.is_object() && Result.contains("__error"))
        Reply["error"] = Result["__error"];
      else
        Reply["result"] = Result;
    }
    T.send(Reply);
  } catch (const json::exception &E) {
    if (IsRequest)
      T.send({{"jsonrpc", "2.0"},
              {"id", Message["id"]},
              {"error",
               {{"code", InvalidParams},
                {"message", std::string("invalid params: ") + E.what()}}}});
    else
      llvm::errs() << "hazardlint server: ignored '" << Method
                   << "' with invalid params: " << E.what() << "\n";
  }
}

json LanguageServer::dispatchRequest(const std::string &Method,
                                     const json &Params) {
  if (Method == "initialize")
    return initialize(Params);
  if (Method == "shutdown") {
    ShutdownRequested = true;
    return nullptr;
  }
  if (Method == "textDocument/codeAction")
    return codeActions(Params);
  if (Method == "textDocument/hover")
    return hover(Params);
  return {{"__error",
           {{"code", MethodNotFound},
            {"message", "method '" + Method + "' is not supported"}}}};
}

void LanguageServer::dispatchNotification(const std::string &Method,
                                          const json &Params) {
  if (Method == "textDocument/didOpen")
    didOpen(Params);
  else if (Method == "textDocument/didChange")
    didChange(Params);
  else if (Method == "textDocument/didSave")
    didSave(Params);
  else if (Method == "textDocument/didClose")
    didClose(Params);
  else if (Method == "workspace/didChangeConfiguration") {
    json Settings = Params.value("settings", json::object());
    if (Settings.is_object() && Settings.contains("hazardlint"))
      Settings = Settings["hazardlint"];
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      applySettings(Settings);
    }
    reloadConfigs();
  } else if (Method == "workspace/didChangeWatchedFiles") {
    reloadConfigs();
  }
  // Others ("initialized", "$/cancelRequest", ...) need nothing.
}

void LanguageServer::applySettings(const json &Options) {
  if (!Options.is_object())
    return;
  if (Options.contains("debounceMs") && Options["debounceMs"].is_number())
    this->Options.DebounceMs =
        std::min(10000u, Options["debounceMs"].get<unsigned>());
  if (Options.contains("compileCommandsDir") &&
      Options["compileCommandsDir"].is_string())
    this->Options.CompileCommandsDir =
        Options["compileCommandsDir"].get<std::string>();
}

json LanguageServer::initialize(const json &Params) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Initialized)
    return {{"__error",
             {{"code", InvalidRequest},
              {"message", "initialize was already called"}}}};
  Initialized = true;
  json Encodings = Params.value(
      "/capabilities/general/positionEncodings"_json_pointer, json::array());
  for (const json &E : Encodings)
    if (E == "utf-8")
      Utf8 = true;
  std::string RootUri;
  json Folders = Params.value("workspaceFolders", json());
  if (Folders.is_array() && !Folders.empty() && Folders[0].is_object())
    RootUri = Folders[0].value("uri", "");
  if (RootUri.empty() && Params.value("rootUri", json()).is_string())
    RootUri = Params["rootUri"].get<std::string>();
  if (!RootUri.empty())
    Root = pathFromUri(RootUri);
  else if (Params.value("rootPath", json()).is_string())
    Root = Params["rootPath"].get<std::string>();
  if (!Root.empty())
    Root = absolute(Root);
  applySettings(Params.value("initializationOptions", json::object()));
  WorkspaceWanted = !Root.empty();
  Wake.notify_all();
  return {{"capabilities",
           {{"positionEncoding", Utf8 ? "utf-8" : "utf-16"},
            {"textDocumentSync",
             {{"openClose", true},
              {"change", 2}, // incremental
              {"save", {{"includeText", false}}}}},
            {"codeActionProvider",
             {{"codeActionKinds", {"quickfix", "source.fixAll.hazardlint"}}}},
            {"hoverProvider", true}}},
          {"serverInfo",
           {{"name", "hazardlint"}, {"version", hazardlintVersion()}}}};
}

void LanguageServer::schedule(Document &D, unsigned DelayMs) {
  D.Scheduled = true;
  D.Due = Clock::now() + std::chrono::milliseconds(DelayMs);
  Wake.notify_all();
}

void LanguageServer::didOpen(const json &Params) {
  const json &Item = Params.at("textDocument");
  std::string Uri = Item.at("uri");
  std::string Path = pathFromUri(Uri);
  auto Lang = languageForPath(Path);
  if (!Lang)
    return; // not a language hazardlint analyses
  std::lock_guard<std::mutex> Lock(Mutex);
  Document &D = Docs[Uri];
  D.Uri = Uri;
  D.Path = absolute(Path);
  D.Lang = *Lang;
  D.Version = Item.value("version", 0);
  D.Text = Item.at("text");
  D.LintedVersion = -1;
  schedule(D, 0);
}

void LanguageServer::didChange(const json &Params) {
  std::string Uri = Params.at("textDocument").at("uri");
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Docs.find(Uri);
  if (It == Docs.end())
    return;
  Document &D = It->second;
  for (const json &Change : Params.at("contentChanges")) {
    if (!Change.contains("range")) {
      D.Text = Change.at("text");
      continue;
    }
    const json &R = Change["range"];
    size_t Begin =
        offsetAt(D.Text, {R["start"]["line"], R["start"]["character"]}, Utf8);
    size_t End =
        offsetAt(D.Text, {R["end"]["line"], R["end"]["character"]}, Utf8);
    if (End < Begin)
      std::swap(Begin, End);
    D.Text.replace(Begin, End - Begin, Change.at("text").get<std::string>());
  }
  D.Version = Params["textDocument"].value("version", D.Version + 1);
  schedule(D, Options.DebounceMs);
}

void LanguageServer::didSave(const json &Params) {
  std::string Uri = Params.at("textDocument").at("uri");
  if (llvm::sys::path::filename(pathFromUri(Uri)) == Config::FileName) {
    reloadConfigs();
    return;
  }
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Docs.find(Uri);
  if (It != Docs.end())
    schedule(It->second, 0);
  WorkspaceWanted = !Root.empty();
  Wake.notify_all();
}

void LanguageServer::didClose(const json &Params) {
  std::string Uri = Params.at("textDocument").at("uri");
  std::lock_guard<std::mutex> Lock(Mutex);
  if (!Docs.erase(Uri))
    return;
  T.send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", Uri}, {"diagnostics", json::array()}}}});
}

void LanguageServer::reloadConfigs() {
  std::lock_guard<std::mutex> Lock(Mutex);
  ConfigSet = std::make_shared<Configs>();
  ConfigStamps.clear();
  Told.clear(); // a fixed config may break again and deserve a new message
  for (auto &[Uri, D] : Docs)
    schedule(D, 0);
  WorkspaceWanted = !Root.empty();
  Wake.notify_all();
}

cpp::CompileSettings LanguageServer::compileSettings() {
  cpp::CompileSettings S;
  std::string Dir;
  if (!Options.CompileCommandsDir.empty()) {
    llvm::SmallString<256> D(Root);
    if (llvm::sys::path::is_absolute(Options.CompileCommandsDir))
      D = Options.CompileCommandsDir;
    else
      llvm::sys::path::append(D, Options.CompileCommandsDir);
    Dir = std::string(D);
  } else if (!Root.empty()) {
    for (const char *Sub : {"", "build"}) {
      llvm::SmallString<256> D(Root);
      llvm::sys::path::append(D, Sub, "compile_commands.json");
      if (llvm::sys::fs::exists(D)) {
        Dir = std::string(llvm::sys::path::parent_path(D));
        break;
      }
    }
  }
  // Empty: the C/C++ frontend looks upwards from each file, as clangd does.
  S.BuildDir = Dir;
  return S;
}

/// Tells once if the workspace's compilation database has no entry for
/// Path, whose flags are then inferred from a neighbour.
void LanguageServer::checkCompileEntry(const std::string &Path) {
  std::string Dir;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Dir = compileSettings().BuildDir;
  }
  if (Dir.empty())
    return;
  llvm::SmallString<256> Json(Dir);
  llvm::sys::path::append(Json, "compile_commands.json");
  std::lock_guard<std::mutex> Lock(Mutex);
  if (CompileDbPath != Json) {
    std::string Error;
    CompileDb = clang::tooling::JSONCompilationDatabase::loadFromFile(
        Json, Error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
    CompileDbPath = std::string(Json);
  }
  if (CompileDb && CompileDb->getCompileCommands(Path).empty())
    tellOnce(3, "hazardlint: " + Path + " has no entry in " +
                    std::string(Json) +
                    "; it is analysed with the flags of a neighbouring file");
}

LintOutcome LanguageServer::lint(const std::string &Path,
                                 const std::string &Text, Language Lang) {
  LintOutcome Out;
  std::shared_ptr<Configs> Set;
  RunOptions Run;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Set = ConfigSet;
    Run.Compile = compileSettings();
  }
  noteConfigStamps(Path); // before reading, so that no later edit is missed
  std::string Error;
  const Config *Settings = Set->configFor(Path, Error);
  if (!Settings) {
    Out.ConfigError = "hazardlint: invalid configuration: " + Error;
    return Out;
  }
  if (Settings->excludes(Path))
    return Out;
  if (Lang == Language::Cpp)
    checkCompileEntry(Path);
  Run.Files = {Path};
  Run.Configs = {Settings};
  Run.Jobs = 1;
  Run.UnsavedTexts[Path] = Text;
  RunResult Result = runAnalysis(Run);
  Out.Findings = std::move(Result.Files[0].Findings);
  Out.Notes = std::move(Result.Files[0].Notifications);
  Out.RunNotes = std::move(Result.Notes);
  return Out;
}

void LanguageServer::store(Document &D, int64_t Version, std::string Text,
                           LintOutcome Outcome) {
  if (Version < D.LintedVersion)
    return;
  if (!Outcome.ConfigError.empty())
    tellOnce(1, Outcome.ConfigError);
  for (const Notification &N : Outcome.RunNotes)
    tellOnce(N.Level == Severity::Error ? 1 : 3, "hazardlint: " + N.Message);
  D.LintedVersion = Version;
  D.LintedText = std::move(Text);
  D.Findings = std::move(Outcome.Findings);
  D.Notes = std::move(Outcome.Notes);
  merge(D);
}

void LanguageServer::ensureLinted(const std::string &Uri) {
  std::string Path, Text;
  int64_t Version;
  Language Lang;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Docs.find(Uri);
    if (It == Docs.end() || It->second.LintedVersion == It->second.Version)
      return;
    Document &D = It->second;
    Path = D.Path;
    Text = D.Text;
    Version = D.Version;
    Lang = D.Lang;
  }
  LintOutcome Outcome = lint(Path, Text, Lang);
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Docs.find(Uri);
  if (It == Docs.end())
    return;
  store(It->second, Version, std::move(Text), std::move(Outcome));
  publish(It->second);
}

void LanguageServer::lintWorker() {
  std::unique_lock<std::mutex> Lock(Mutex);
  while (!Stopping) {
    Document *Next = nullptr;
    for (auto &[Uri, D] : Docs)
      if (D.Scheduled && !D.Linting && (!Next || D.Due < Next->Due))
        Next = &D;
    if (!Next) {
      Wake.wait(Lock);
      continue;
    }
    if (Next->Due > Clock::now()) {
      Wake.wait_until(Lock, Next->Due);
      continue;
    }
    Next->Scheduled = false;
    Next->Linting = true;
    std::string Uri = Next->Uri, Path = Next->Path, Text = Next->Text;
    int64_t Version = Next->Version;
    Language Lang = Next->Lang;
    Lock.unlock();
    LintOutcome Outcome = lint(Path, Text, Lang);
    Lock.lock();
    auto It = Docs.find(Uri);
    if (It == Docs.end())
      continue;
    Document &D = It->second;
    D.Linting = false;
    store(D, Version, std::move(Text), std::move(Outcome));
    // A newer edit is waiting for its own lint: publish that one instead.
    if (!D.Scheduled)
      publish(D);
    Wake.notify_all();
  }
}

/// What a directory's config file looks like now: "" if there is none.
static std::string configStamp(llvm::StringRef Dir) {
  llvm::SmallString<256> File(Dir);
  llvm::sys::path::append(File, Config::FileName);
  llvm::sys::fs::file_status Status;
  if (llvm::sys::fs::status(File, Status) || !exists(Status))
    return "";
  return std::to_string(
             Status.getLastModificationTime().time_since_epoch().count()) +
         ":" + std::to_string(Status.getSize());
}

void LanguageServer::noteConfigStamps(const std::string &Path) {
  std::lock_guard<std::mutex> Lock(Mutex);
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(Path); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    if (ConfigStamps.count(Dir.str()))
      break;
    ConfigStamps[Dir.str()] = configStamp(Dir);
  }
}

bool LanguageServer::configsChanged() {
  std::map<std::string, std::string> Seen;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Seen = ConfigStamps;
  }
  for (const auto &[Dir, Stamp] : Seen)
    if (configStamp(Dir) != Stamp)
      return true;
  return false;
}

void LanguageServer::workspaceWorker() {
  std::unique_lock<std::mutex> Lock(Mutex);
  auto NextLook = Clock::now() + std::chrono::seconds(1);
  while (!Stopping) {
    if (!WorkspaceWanted) {
      Wake.wait_until(Lock, NextLook);
      if (Stopping || Clock::now() < NextLook)
        continue;
      // Editors do not all report changes to the config files: look.
      NextLook = Clock::now() + std::chrono::seconds(1);
      Lock.unlock();
      if (configsChanged())
        reloadConfigs();
      Lock.lock();
      continue;
    }
    WorkspaceWanted = false;
    WorkspaceRunning = true;
    Lock.unlock();
    analyzeWorkspace();
    Lock.lock();
    WorkspaceRunning = false;
  }
}

void LanguageServer::analyzeWorkspace() {
  std::shared_ptr<Configs> Set;
  RunOptions Run;
  std::string Dir;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Set = ConfigSet;
    Dir = Root;
    Run.Compile = compileSettings();
    for (auto &[Uri, D] : Docs)
      Run.UnsavedTexts[D.Path] = D.Text;
  }
  Discovery Found = discoverFiles({Dir});
  for (const std::string &File : Found.Files) {
    std::string Error;
    const Config *Settings = Set->configFor(File, Error);
    if (!Settings || Settings->excludes(File))
      continue;
    Run.Files.push_back(absolute(File));
    Run.Configs.push_back(Settings);
  }
  // Half the cores: the buffers being edited need the rest.
  Run.Jobs = std::max(1u, std::thread::hardware_concurrency() / 2);
  RunResult Whole = runAnalysis(Run);

  std::map<std::string, WorkspaceFacts> NewFacts;
  for (size_t I = 0; I < Whole.Files.size(); ++I) {
    const FileResult &File = Whole.Files[I];
    if (File.Cacheable)
      continue; // judged by itself alone: the buffer's lint says it all
    std::string Text;
    auto Unsaved = Run.UnsavedTexts.find(File.Path);
    if (Unsaved != Run.UnsavedTexts.end()) {
      Text = Unsaved->second;
    } else if (auto Buffer = llvm::MemoryBuffer::getFile(File.Path)) {
      Text = (*Buffer)->getBuffer().str();
    } else {
      continue;
    }
    RunOptions Alone;
    Alone.Files = {File.Path};
    Alone.Configs = {Run.Configs[I]};
    Alone.Compile = Run.Compile;
    Alone.Jobs = 1;
    Alone.UnsavedTexts[File.Path] = Text;
    RunResult Solo = runAnalysis(Alone);
    auto Keys = [](const std::vector<Finding> &Findings) {
      std::multiset<std::string> Out;
      for (const Finding &F : Findings)
        if (!F.SuppressedBy)
          Out.insert(identity(F));
      return Out;
    };
    std::multiset<std::string> InWhole = Keys(File.Findings),
                               InSolo = Keys(Solo.Files[0].Findings);
    WorkspaceFacts Facts;
    for (const Finding &F : File.Findings)
      if (!F.SuppressedBy && !InSolo.count(identity(F)))
        Facts.Added.push_back(F);
    for (const Finding &F : Solo.Files[0].Findings)
      if (!F.SuppressedBy && !InWhole.count(identity(F)))
        Facts.Removed.push_back(F);
    if (Facts.Added.empty() && Facts.Removed.empty())
      continue;
    Facts.Text = std::move(Text);
    NewFacts[File.Path] = std::move(Facts);
  }

  std::lock_guard<std::mutex> Lock(Mutex);
  Facts = std::move(NewFacts);
  for (auto &[Uri, D] : Docs)
    if (D.LintedVersion >= 0) {
      merge(D);
      publish(D);
    }
}

void LanguageServer::merge(Document &D) {
  D.Diagnostics.clear();
  auto FactsIt = Facts.find(D.Path);
  const WorkspaceFacts *W = FactsIt == Facts.end() ? nullptr : &FactsIt->second;
  std::multiset<std::string> Removed;
  if (W)
    for (const Finding &F : W->Removed)
      Removed.insert(identity(F));
  std::set<std::string> Present;
  for (const Finding &F : D.Findings) {
    if (F.SuppressedBy)
      continue;
    auto R = Removed.find(identity(F));
    if (R != Removed.end()) {
      Removed.erase(R);
      continue;
    }
    Present.insert(identity(F));
    D.Diagnostics.push_back({F, 0, true});
  }
  if (!W)
    return;
  bool SameText = W->Text == D.LintedText;
  std::vector<std::string_view> Lines;
  if (!SameText)
    Lines = splitLines(D.LintedText);
  for (const Finding &F : W->Added) {
    if (Present.count(identity(F)))
      continue; // the buffer's own lint found it too
    if (SameText) {
      D.Diagnostics.push_back({F, 0, true});
      continue;
    }
    // The buffer changed since the workspace run: find the finding's line,
    // the nearest one with the same text, or drop it until the next save.
    int Line = static_cast<int>(F.Range.BeginPos.Line) - 1, Best = -1;
    for (int L = 0; L < static_cast<int>(Lines.size()); ++L)
      if (Lines[L] == F.LineText &&
          (Best < 0 || std::abs(L - Line) < std::abs(Best - Line)))
        Best = L;
    if (Best >= 0)
      D.Diagnostics.push_back({F, Best - Line, false});
  }
  std::stable_sort(D.Diagnostics.begin(), D.Diagnostics.end(),
                   [](const Shown &A, const Shown &B) {
                     return static_cast<int>(A.F.Range.BeginPos.Line) +
                                A.Delta <
                            static_cast<int>(B.F.Range.BeginPos.Line) + B.Delta;
                   });
}

json LanguageServer::range(const TextRange &R, int Delta) const {
  auto Pos = [&](const Position &P) {
    int Line = std::max(0, static_cast<int>(P.Line) - 1 + Delta);
    unsigned Column = Utf8 ? P.Column : P.Utf16Column;
    return json{{"line", Line}, {"character", Column ? Column - 1 : 0}};
  };
  json Begin = Pos(R.BeginPos), End = Pos(R.EndPos);
  if (R.EndPos.Line < R.BeginPos.Line ||
      (R.EndPos.Line == R.BeginPos.Line &&
       End["character"] < Begin["character"]))
    End = Begin;
  return {{"start", Begin}, {"end", End}};
}

json LanguageServer::diagnostic(const Shown &S) const {
  const Finding &F = S.F;
  json D = {{"range", range(F.Range, S.Delta)},
            {"severity", lspSeverity(F.Level)},
            {"source", "hazardlint"},
            {"code", F.RuleId},
            {"message", F.Message}};
  if (const RuleInfo *R = RuleRegistry::get().find(F.RuleId))
    D["codeDescription"] = {{"href", R->helpUri()}};
  if (!F.Related.empty()) {
    json Related = json::array();
    for (const RelatedLocation &L : F.Related)
      Related.push_back(
          {{"location",
            {{"uri", fileUri(absolute(L.Path))}, {"range", range(L.Range, 0)}}},
           {"message", L.Message}});
    D["relatedInformation"] = Related;
  }
  return D;
}

void LanguageServer::publish(Document &D) {
  json List = json::array();
  for (const Shown &S : D.Diagnostics)
    List.push_back(diagnostic(S));
  for (const Notification &N : D.Notes) {
    if (N.Pos.Line == 0) {
      tellOnce(N.Level == Severity::Error ? 1 : 2,
               "hazardlint: " + D.Path + ": " + N.Message);
      continue;
    }
    TextRange R;
    R.BeginPos = R.EndPos = N.Pos;
    List.push_back({{"range", range(R, 0)},
                    {"severity", lspSeverity(N.Level)},
                    {"source", "hazardlint"},
                    {"code", N.Id},
                    {"message", N.Message}});
  }
  T.send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params",
           {{"uri", D.Uri},
            {"version", D.LintedVersion},
            {"diagnostics", List}}}});
}

void LanguageServer::tellOnce(int Type, const std::string &Message) {
  if (!Told.insert(Message).second)
    return;
  T.send({{"jsonrpc", "2.0"},
          {"method", "window/showMessage"},
          {"params", {{"type", Type}, {"message", Message}}}});
}

json lspEdit(const LineEdit &E) {
  return {
      {"range",
       {{"start", {{"line", E.Begin.Line}, {"character", E.Begin.Character}}},
        {"end", {{"line", E.End.Line}, {"character", E.End.Character}}}}},
      {"newText", E.NewText}};
}

json LanguageServer::codeActions(const json &Params) {
  std::string Uri = Params.at("textDocument").at("uri");
  ensureLinted(Uri);
  std::lock_guard<std::mutex> Lock(Mutex);
  json Actions = json::array();
  auto It = Docs.find(Uri);
  if (It == Docs.end())
    return Actions;
  Document &D = It->second;
  unsigned First = Params.at("range").at("start").at("line");
  unsigned Last = Params.at("range").at("end").at("line");
  std::vector<std::string> Only;
  if (Params.contains("context") && Params["context"].contains("only"))
    Only = Params["context"]["only"].get<std::vector<std::string>>();
  auto Wanted = [&](llvm::StringRef Kind) {
    return Only.empty() || llvm::any_of(Only, [&](const std::string &K) {
             return Kind == K || Kind.starts_with(K + ".");
           });
  };
  std::vector<std::string_view> Lines = splitLines(D.LintedText);
  auto Action = [&](std::string Title, const char *Kind, const json &Diag,
                    json Edits, bool Preferred) {
    json A = {{"title", std::move(Title)},
              {"kind", Kind},
              {"diagnostics", json::array({Diag})},
              {"edit", {{"changes", {{Uri, std::move(Edits)}}}}}};
    if (Preferred)
      A["isPreferred"] = true;
    Actions.push_back(std::move(A));
  };
  bool AnySafeFix = false;
  for (const Shown &S : D.Diagnostics) {
    AnySafeFix |= S.Exact && S.F.FixIt && S.F.FixIt->Safe;
    int Begin = static_cast<int>(S.F.Range.BeginPos.Line) - 1 + S.Delta;
    int End = static_cast<int>(S.F.Range.EndPos.Line) - 1 + S.Delta;
    if (End < static_cast<int>(First) || Begin > static_cast<int>(Last) ||
        Begin < 0 || Begin >= static_cast<int>(Lines.size()) ||
        !Wanted("quickfix"))
      continue;
    json Diag = diagnostic(S);
    if (S.Exact && S.F.FixIt) {
      const Fix &X = *S.F.FixIt;
      json Edits = json::array();
      for (const TextEdit &E : X.Edits)
        Edits.push_back({{"range", range(E.Range, 0)}, {"newText", E.NewText}});
      std::string Title =
          X.Description.empty() ? "Fix " + S.F.RuleId : X.Description;
      if (!X.Safe)
        Title += " (unsafe fix: review the change)";
      Action(Title, "quickfix", Diag, std::move(Edits), X.Safe);
    }
    Action("Suppress " + S.F.RuleId + " on this line", "quickfix", Diag,
           json::array({lspEdit(
               suppressOnLine(Lines, Begin, D.Lang, S.F.RuleId, Utf8))}),
           false);
    Action(
        "Suppress " + S.F.RuleId + " in this file", "quickfix", Diag,
        json::array({lspEdit(suppressInFile(Lines, D.Lang, S.F.RuleId, Utf8))}),
        false);
  }
  if (AnySafeFix && Wanted("source.fixAll.hazardlint")) {
    // What `check --fix` writes: every safe fix, overlaps left for later.
    std::vector<Finding> Exact;
    for (const Shown &S : D.Diagnostics)
      if (S.Exact)
        Exact.push_back(S.F);
    std::string Fixed = D.LintedText;
    applyFixes(Fixed, Exact, /*Unsafe=*/false);
    LineEdit Whole{{0, 0},
                   {static_cast<unsigned>(Lines.size() - 1),
                    lineLength(Lines.back(), Utf8)},
                   Fixed};
    Actions.push_back(
        {{"title", "Apply every safe hazardlint fix"},
         {"kind", "source.fixAll.hazardlint"},
         {"edit", {{"changes", {{Uri, json::array({lspEdit(Whole)})}}}}}});
  }
  return Actions;
}

json LanguageServer::hover(const json &Params) {
  std::string Uri = Params.at("textDocument").at("uri");
  ensureLinted(Uri);
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Docs.find(Uri);
  if (It == Docs.end())
    return nullptr;
  int Line = Params.at("position").at("line");
  unsigned Character = Params.at("position").at("character");
  for (const Shown &S : It->second.Diagnostics) {
    json R = range(S.F.Range, S.Delta);
    auto Before = [](int L1, unsigned C1, int L2, unsigned C2) {
      return L1 < L2 || (L1 == L2 && C1 <= C2);
    };
    if (!Before(R["start"]["line"], R["start"]["character"], Line, Character) ||
        !Before(Line, Character, R["end"]["line"], R["end"]["character"]))
      continue;
    const RuleInfo *Rule = RuleRegistry::get().find(S.F.RuleId);
    if (!Rule)
      continue;
    return {{"contents", {{"kind", "markdown"}, {"value", Rule->Doc}}},
            {"range", R}};
  }
  return nullptr;
}

} // namespace

int runLanguageServer(std::FILE *In, std::FILE *Out) {
  Transport T(In, Out);
  LanguageServer Server(T);
  return Server.run();
}

} // namespace hazard::server
