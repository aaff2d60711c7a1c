#pragma once
// A blocking HTTP POST client on libcurl (Debian's libcurl4-openssl-dev): one easy handle, reused so connections
// are kept alive between requests to the same host. Not thread-safe: one client per thread.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace callsign::integrations {

struct HttpPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpOutcome {
  std::optional<int> status;  // the response's status; nullopt when no response came (refused, timeout, TLS…)
  std::string error;          // libcurl's message when no response came; "HTTP <status>" for a non-2xx
  bool abandoned = false;     // given up by the caller (`abandon` set) before an answer came
  bool delivered() const { return status && *status >= 200 && *status < 300; }
};

class HttpClient {
 public:
  // `timeout`: the whole request, connect included.
  explicit HttpClient(std::chrono::milliseconds timeout);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request and waits for the answer (at most the timeout); the response body is dropped. Once `abandon`
  // (when given) is set, the request is dropped within about a second and the outcome is `abandoned`.
  // Never throws.
  HttpOutcome post(const HttpPost& request, const std::atomic<bool>* abandon = nullptr);

 private:
  void* handle_;  // CURL*
  std::chrono::milliseconds timeout_;
};

}  // namespace callsign::integrations
