#include "storage/completion_batch.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace callsign::storage {
namespace {

thread_local CompletionBatch* open_batch = nullptr;

}  // namespace

CompletionBatch::CompletionBatch() {
  if (open_batch) return;
  open_batch = this;
  outermost_ = true;
}

CompletionBatch::~CompletionBatch() {
  if (!outermost_) return;
  open_batch = nullptr;
  for (auto& group : collected_) {
    if (group.handlers.size() == 1) {
      boost::asio::post(group.executor, std::move(group.handlers.front()));
      continue;
    }
    boost::asio::post(group.executor, [handlers = std::move(group.handlers)] {
      // One completion that throws must not keep the others' coroutines waiting for ever.
      for (const auto& handler : handlers) {
        try {
          handler();
        } catch (const std::exception& e) {
          spdlog::error("storage: a write completion threw on its I/O thread: {}", e.what());
        } catch (...) {
          spdlog::error("storage: a write completion threw a non-standard exception on its I/O thread");
        }
      }
    });
  }
}

void CompletionBatch::deliver(const boost::asio::any_io_executor& executor, std::function<void()> handler) {
  if (!open_batch) {
    boost::asio::post(executor, std::move(handler));
    return;
  }
  auto& groups = open_batch->collected_;
  auto group = std::find_if(groups.begin(), groups.end(), [&](const ForExecutor& g) { return g.executor == executor; });
  if (group == groups.end()) group = groups.insert(groups.end(), ForExecutor{executor, {}});
  group->handlers.push_back(std::move(handler));
}

}  // namespace callsign::storage
