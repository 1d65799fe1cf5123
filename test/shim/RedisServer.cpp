//===- RedisServer.cpp - A throwaway redis-server for the shim tests ------===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//

#include "RedisServer.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <spawn.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace hazard::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kStartupTimeout = std::chrono::seconds(10);
constexpr auto kShutdownTimeout = std::chrono::seconds(5);
constexpr auto kPollInterval = std::chrono::milliseconds(20);
// Another process may take the port between our probe and the server's
// bind; the server then exits at once and we try another port.
constexpr int kPortAttempts = 5;

bool isExecutable(const std::string &Path) {
  return !Path.empty() && access(Path.c_str(), X_OK) == 0;
}

/// $HAZARDLINT_REDIS_SERVER, then the path CMake found, then $PATH.
std::string findRedisServer() {
  if (const char *FromEnv = std::getenv("HAZARDLINT_REDIS_SERVER"))
    return isExecutable(FromEnv) ? FromEnv : "";
  if (isExecutable(HAZARDLINT_REDIS_SERVER_PATH))
    return HAZARDLINT_REDIS_SERVER_PATH;
  const char *Path = std::getenv("PATH");
  std::stringstream Dirs(Path ? Path : "/usr/local/bin:/usr/bin:/bin");
  std::string Dir;
  while (std::getline(Dirs, Dir, ':'))
    if (isExecutable(Dir + "/redis-server"))
      return Dir + "/redis-server";
  return "";
}

std::string readFile(const std::string &Path) {
  std::ifstream In(Path);
  std::stringstream Text;
  Text << In.rdbuf();
  return Text.str();
}

/// Whether the child has exited; reaps it if so.
bool hasExited(pid_t Pid) {
  int Status = 0;
  return waitpid(Pid, &Status, WNOHANG) == Pid;
}

void stopAndReap(pid_t Pid) {
  if (kill(Pid, SIGTERM) != 0)
    return;
  auto Deadline = Clock::now() + kShutdownTimeout;
  while (Clock::now() < Deadline) {
    if (hasExited(Pid))
      return;
    std::this_thread::sleep_for(kPollInterval);
  }
  kill(Pid, SIGKILL);
  int Status = 0;
  waitpid(Pid, &Status, 0);
}

bool answersPing(int Port) {
  timeval Timeout{0, 200 * 1000};
  redisContext *C = redisConnectWithTimeout("127.0.0.1", Port, Timeout);
  bool Ok = false;
  if (C && !C->err) {
    auto *Reply = static_cast<redisReply *>(redisCommand(C, "PING"));
    Ok = Reply && Reply->type == REDIS_REPLY_STATUS &&
         std::string(Reply->str, Reply->len) == "PONG";
    freeReplyObject(Reply);
  }
  redisFree(C);
  return Ok;
}

/// Spawns redis-server with stdout and stderr in \p LogPath.
pid_t spawnServer(const std::string &Binary, int Port, const std::string &Dir,
                  const std::string &LogPath, std::string &Error) {
  std::string PortText = std::to_string(Port);
  std::vector<std::string> Args = {
      Binary, "--port",       PortText, "--bind",      "127.0.0.1", "--save",
      "",     "--appendonly", "no",     "--daemonize", "no",        "--dir",
      Dir};
  std::vector<char *> Argv;
  for (std::string &Arg : Args)
    Argv.push_back(Arg.data());
  Argv.push_back(nullptr);

  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, STDOUT_FILENO, LogPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&Actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t Pid = -1;
  int Rc = posix_spawn(&Pid, Binary.c_str(), &Actions, nullptr, Argv.data(),
                       environ);
  posix_spawn_file_actions_destroy(&Actions);
  if (Rc != 0) {
    Error = "cannot run " + Binary + ": " + std::strerror(Rc);
    return -1;
  }
  return Pid;
}

} // namespace

int pickFreeLoopbackPort() {
  int Fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (Fd < 0)
    return -1;
  sockaddr_in Addr{};
  Addr.sin_family = AF_INET;
  Addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Addr.sin_port = 0;
  socklen_t Len = sizeof(Addr);
  int Port = -1;
  if (bind(Fd, reinterpret_cast<sockaddr *>(&Addr), sizeof(Addr)) == 0 &&
      getsockname(Fd, reinterpret_cast<sockaddr *>(&Addr), &Len) == 0)
    Port = ntohs(Addr.sin_port);
  close(Fd);
  return Port;
}

std::unique_ptr<RedisServer> RedisServer::start(std::string &Error) {
  std::string Binary = findRedisServer();
  if (Binary.empty()) {
    Error = "redis-server not found ($HAZARDLINT_REDIS_SERVER, '" +
            std::string(HAZARDLINT_REDIS_SERVER_PATH) +
            "', $PATH). The shim tests need a real Redis: install the Debian "
            "package redis-server (utils/install-deps.sh does).";
    return nullptr;
  }

  std::string Template =
      (std::filesystem::temp_directory_path() / "hazard-shim-redis.XXXXXX")
          .string();
  if (!mkdtemp(Template.data())) {
    Error = "mkdtemp failed: " + std::string(std::strerror(errno));
    return nullptr;
  }
  const std::string Dir = Template;
  const std::string LogPath = Dir + "/redis.log";

  for (int Attempt = 0; Attempt != kPortAttempts; ++Attempt) {
    int Port = pickFreeLoopbackPort();
    if (Port < 0) {
      Error = "cannot bind a loopback socket to find a free port";
      break;
    }
    pid_t Pid = spawnServer(Binary, Port, Dir, LogPath, Error);
    if (Pid < 0)
      break;

    auto Deadline = Clock::now() + kStartupTimeout;
    bool Exited = false;
    while (Clock::now() < Deadline) {
      if (answersPing(Port))
        return std::unique_ptr<RedisServer>(new RedisServer(Pid, Port, Dir));
      if ((Exited = hasExited(Pid)))
        break;
      std::this_thread::sleep_for(kPollInterval);
    }
    Error = Binary + " on port " + std::to_string(Port) +
            (Exited ? " exited during startup"
                    : " did not answer PING within 10 s") +
            ". Its log:\n" + readFile(LogPath);
    if (!Exited) {
      stopAndReap(Pid);
      break; // A server that hangs will hang on the next port too.
    }
  }
  std::error_code Ignored;
  std::filesystem::remove_all(Dir, Ignored);
  return nullptr;
}

RedisServer::~RedisServer() {
  stopAndReap(Pid);
  std::error_code Ignored;
  std::filesystem::remove_all(Dir, Ignored);
}

redisContext *RedisServer::connect() const {
  return redisConnect("127.0.0.1", Port);
}

} // namespace hazard::test
