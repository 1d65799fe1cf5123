// Outbound HTTP for the webhook dispatcher (libcurl easy interface).
#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <string>

namespace webhooks {

struct Delivery {
  std::string url;
  std::string body;
};

static std::size_t collect(char *data, std::size_t size, std::size_t n, void *out) {
  static_cast<std::string *>(out)->append(data, size * n);
  return size * n;
}

// One handle, reused, always with a timeout.
class Fetcher {
public:
  explicit Fetcher(long timeoutMs) : handle_(curl_easy_init()), timeoutMs_(timeoutMs) {} // ok: connection-per-call
  ~Fetcher() { curl_easy_cleanup(handle_); }

  bool get(const std::string &url, std::string &body) {
    curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, timeoutMs_);
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &body);
    return curl_easy_perform(handle_) == CURLE_OK; // ok: wait-without-timeout
  }

  // The shared handle is serialised by a mutex held across the transfer.
  bool getSerialised(const std::string &url, std::string &body) {
    std::lock_guard<std::mutex> lock(mu_);
    curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &body);
    return curl_easy_perform(handle_) == CURLE_OK; // expect: lock-held-across-call
  }

private:
  CURL *handle_;
  long timeoutMs_;
  std::mutex mu_;
};

// A new handle per delivery, and no timeout on it.
bool handleDelivery(const Delivery &d) {
  CURL *curl = curl_easy_init(); // expect: connection-per-call
  if (!curl)
    return false;
  curl_easy_setopt(curl, CURLOPT_URL, d.url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, d.body.c_str());
  CURLcode rc = curl_easy_perform(curl); // expect: wait-without-timeout
  curl_easy_cleanup(curl);
  return rc == CURLE_OK;
}

// Only a connect timeout: the transfer itself can still hang.
bool ping(const std::string &url) {
  static CURL *curl = curl_easy_init(); // ok: connection-per-call
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 3L);
  return curl_easy_perform(curl) == CURLE_OK; // expect: wait-without-timeout
}

} // namespace webhooks
