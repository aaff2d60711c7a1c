#pragma once
// Store::write_blocking: waits on a future for the group commit. Included by store.hpp.
#include <future>
#include <optional>

namespace callsign::storage {

template <class T, class Fn>
Result<T> Store::write_blocking(Fn fn) {
  std::optional<Result<T>> outcome;
  std::promise<Result<void>> committed;
  auto future = committed.get_future();
  submit(
      [&](domain::Repositories& repos) {
        outcome.emplace(fn(repos));
        return outcome->has_value();
      },
      [&](Result<void> r) { committed.set_value(std::move(r)); });
  auto commit = future.get();
  if (!commit) return fail(commit.error());
  return std::move(*outcome);
}

}  // namespace callsign::storage
