// CompletionBatch: a write batch's completions reach each executor in one post, in the order delivered.
#include <utility>  // before Boost headers (GCC 12 + Boost 1.74)

#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "storage/completion_batch.hpp"

namespace callsign::storage {
namespace {

using Log = std::vector<std::string>;

// A completion that records its name when it runs.
auto record(Log& log, std::string name) {
  return [&log, name = std::move(name)] { log.push_back(name); };
}

TEST(CompletionBatch, WithoutABatchEachCompletionIsPostedAtOnce) {
  boost::asio::io_context io;
  Log log;
  CompletionBatch::deliver(io.get_executor(), record(log, "a"));
  CompletionBatch::deliver(io.get_executor(), record(log, "b"));
  EXPECT_EQ(io.poll(), 2u);  // two posts, two handlers run
  EXPECT_EQ(log, (Log{"a", "b"}));
}

TEST(CompletionBatch, CollectsUntilItEndsThenPostsOncePerExecutorInOrder) {
  boost::asio::io_context first;
  boost::asio::io_context second;
  Log first_log;
  Log second_log;
  {
    const CompletionBatch batch;
    CompletionBatch::deliver(first.get_executor(), record(first_log, "f1"));
    CompletionBatch::deliver(second.get_executor(), record(second_log, "s1"));
    CompletionBatch::deliver(first.get_executor(), record(first_log, "f2"));
    CompletionBatch::deliver(first.get_executor(), record(first_log, "f3"));
    CompletionBatch::deliver(second.get_executor(), record(second_log, "s2"));
    EXPECT_EQ(first.poll(), 0u);  // nothing reaches an executor while the batch is open
    EXPECT_EQ(second.poll(), 0u);
    first.restart();
    second.restart();
  }
  EXPECT_EQ(first.poll(), 1u);  // one post carrying three completions
  EXPECT_EQ(second.poll(), 1u);
  EXPECT_EQ(first_log, (Log{"f1", "f2", "f3"}));
  EXPECT_EQ(second_log, (Log{"s1", "s2"}));
}

TEST(CompletionBatch, AnInnerBatchLeavesDeliveryToTheOuterOne) {
  boost::asio::io_context io;
  Log log;
  {
    const CompletionBatch outer;
    {
      const CompletionBatch inner;
      CompletionBatch::deliver(io.get_executor(), record(log, "inner"));
    }
    EXPECT_EQ(io.poll(), 0u);
    io.restart();
    CompletionBatch::deliver(io.get_executor(), record(log, "outer"));
  }
  EXPECT_EQ(io.poll(), 1u);
  EXPECT_EQ(log, (Log{"inner", "outer"}));
}

TEST(CompletionBatch, ACompletionThatThrowsDoesNotStopTheOthers) {
  boost::asio::io_context io;
  Log log;
  {
    const CompletionBatch batch;
    CompletionBatch::deliver(io.get_executor(), record(log, "before"));
    CompletionBatch::deliver(io.get_executor(), [] { throw std::runtime_error("a broken completion"); });
    CompletionBatch::deliver(io.get_executor(), record(log, "after"));
  }
  EXPECT_EQ(io.poll(), 1u);
  EXPECT_EQ(log, (Log{"before", "after"}));
}

}  // namespace
}  // namespace callsign::storage
