#include "integrations/http_client.hpp"

#include <mutex>

#include <curl/curl.h>

namespace callsign::integrations {
namespace {

std::once_flag curl_initialized;

std::size_t discard_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// libcurl calls this often while a transfer moves and about once a second while it waits; non-zero aborts it.
int check_abandon(void* abandon, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(abandon)->load() ? 1 : 0;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
};

}  // namespace

HttpClient::HttpClient(std::chrono::milliseconds timeout) : timeout_(timeout) {
  std::call_once(curl_initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  handle_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (handle_) curl_easy_cleanup(static_cast<CURL*>(handle_));
}

HttpOutcome HttpClient::post(const HttpPost& request, const std::atomic<bool>* abandon) {
  CURL* curl = static_cast<CURL*>(handle_);
  if (!curl) return {std::nullopt, "libcurl could not be initialized"};
  curl_easy_reset(curl);
  HeaderList headers;
  for (const auto& [name, value] : request.headers)
    headers.list = curl_slist_append(headers.list, (name + ": " + value).c_str());
  headers.list = curl_slist_append(headers.list, "Expect:");  // no 100-continue round trip for larger bodies
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in a multi-threaded process
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard_body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "Callsign-Webhooks/1");
  if (abandon) {
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_abandon);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(abandon));
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  }
  const CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_ABORTED_BY_CALLBACK) return {std::nullopt, "abandoned", true};
  if (rc != CURLE_OK) return {std::nullopt, error[0] ? std::string(error) : std::string(curl_easy_strerror(rc))};
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  HttpOutcome outcome{static_cast<int>(status), {}};
  if (!outcome.delivered()) outcome.error = "HTTP " + std::to_string(status);
  return outcome;
}

}  // namespace callsign::integrations
