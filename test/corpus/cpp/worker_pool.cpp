// Background workers of the upload service: thumbnails, audit log, cleanup.
#include <chrono>
#include <future>
#include <memory>
#include <pthread.h>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace uploads {

void makeThumbnail(const std::string &path) { (void)path; }
void appendAudit(const std::string &line) { (void)line; }
int scanForVirus(const std::string &path) { return path.empty() ? 1 : 0; }

class Uploader {
public:
  void onUpload(const std::string &path) {
    std::thread thumb(makeThumbnail, path);
    thumb.detach(); // expect: fire-and-forget
    std::thread([path] { appendAudit("upload " + path); }).detach(); // expect: fire-and-forget
  }

  void onDelete(const std::string &path) {
    std::async(std::launch::async, appendAudit, "delete " + path); // expect: fire-and-forget
  }

  void onRename(const std::string &from, const std::string &to) {
    // Kept: the caller waits for the result.
    auto done = std::async(std::launch::async, appendAudit, from + " -> " + to); // ok: fire-and-forget
    done.wait_for(std::chrono::seconds(2)); // ok: wait-without-timeout
  }

  void scanAll(const std::vector<std::string> &paths) {
    std::vector<std::thread> scanners;
    for (const auto &p : paths)
      scanners.emplace_back(scanForVirus, p);
    for (auto &t : scanners)
      t.join(); // ok: fire-and-forget
  }

  void startCleanup() {
    cleanup_ = std::jthread([](std::stop_token stop) { // ok: fire-and-forget
      while (!stop.stop_requested())
        std::this_thread::sleep_for(std::chrono::seconds(1));
    });
  }

private:
  std::jthread cleanup_;
};

void *legacyIndexer(void *arg) { return arg; }

void startLegacyIndexer() {
  pthread_t tid;
  pthread_create(&tid, nullptr, legacyIndexer, nullptr);
  pthread_detach(tid); // expect: fire-and-forget
}

void runLegacyIndexerOnce() {
  pthread_t tid;
  pthread_create(&tid, nullptr, legacyIndexer, nullptr);
  pthread_join(tid, nullptr); // expect: wait-without-timeout
}

int convertWithImageMagick(const std::string &path) {
  pid_t pid = fork();
  if (pid == 0) {
    execlp("convert", "convert", path.c_str(), "out.png", static_cast<char *>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0); // expect: wait-without-timeout
  return status;
}

bool reapIfDone(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid; // ok: wait-without-timeout
}

} // namespace uploads
