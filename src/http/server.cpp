#include "http/server.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"
#include "http/connection.hpp"
#include "http/server_core.hpp"

namespace callsign::http {
namespace {

namespace net = boost::asio;
using net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

// How often the drain looks at the connection count while stopping.
constexpr auto kDrainPollInterval = std::chrono::milliseconds(25);
// After force-closing at the end of the grace period, how long before the I/O threads are stopped anyway.
constexpr auto kForceCloseWait = std::chrono::seconds(1);
// Pause after a failed accept (e.g. out of file descriptors), so the listener does not spin.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

// co_spawn completion: a coroutine that ends with an exception is a bug, logged, never a crash.
auto log_failure(const char* what) {
  return [what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      spdlog::error("{} failed: {}", what, e.what());
    } catch (...) {
      spdlog::error("{} failed with a non-standard exception", what);
    }
  };
}

Result<tcp::endpoint> resolve_listen_address(net::io_context& io, const ServerOptions& options) {
  boost::system::error_code ec;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(options.host, std::to_string(options.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    return fail(Error::internal("cannot resolve the listen address " + options.host + ": " + ec.message()));
  }
  return results.begin()->endpoint();
}

// One io_context per I/O thread, each run by that thread alone: a connection lives on one of them for its whole
// life, so its coroutine needs no strand and the threads share no scheduler (no lock handed back and forth, no
// thread woken to run another's handler). Measured: decision 0011.
std::vector<std::unique_ptr<net::io_context>> make_contexts(int threads) {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  for (int i = 0; i < std::max(1, threads); ++i) contexts.push_back(std::make_unique<net::io_context>(1));
  return contexts;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Router router)
      : core_(std::move(options), std::move(router)),
        contexts_(make_contexts(core_.options.threads)),
        control_(net::make_strand(*contexts_.front())),
        acceptor_(control_) {
    for (auto& context : contexts_) keep_running_.push_back(net::make_work_guard(*context));
  }

  Result<std::uint16_t> start();
  net::awaitable<void> listen();
  net::awaitable<void> drain();
  net::awaitable<void> finish_connections();
  net::awaitable<bool> wait_until_no_connections(SteadyClock::time_point deadline);
  void post_to_each_connection(void (Connection::*action)());
  void run_io_thread(net::io_context& context);
  void stop_contexts();

  // Declaration order matters: core_ outlives the contexts, whose destructors may destroy suspended connection
  // coroutines that still touch core_; acceptor_ dies before them, as it needs their services.
  ServerCore core_;
  std::vector<std::unique_ptr<net::io_context>> contexts_;
  // Keeps each context's run() going while it has no connection yet; stop_contexts() ends them all.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running_;
  std::size_t next_context_ = 0;  // the context the next connection goes to (the listener's alone)
  net::strand<net::io_context::executor_type> control_;  // the listener and the drain run here
  tcp::acceptor acceptor_;
};

Result<std::uint16_t> Server::Impl::start() {
  if (core_.draining.load()) return fail(Error::internal("the server was stopped; it cannot start again"));
  if (acceptor_.is_open()) return fail(Error::internal("the server is already started"));
  auto endpoint = resolve_listen_address(*contexts_.front(), core_.options);
  if (!endpoint) return fail(endpoint.error());

  boost::system::error_code ec;
  const std::string where = core_.options.host + ":" + std::to_string(core_.options.port);
  acceptor_.open(endpoint->protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(*endpoint, ec);
  if (!ec) acceptor_.listen(tcp::acceptor::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return fail(Error::internal("cannot listen on " + where + ": " + ec.message()));
  }
  const std::uint16_t port = acceptor_.local_endpoint(ec).port();
  net::co_spawn(control_, listen(), log_failure("the HTTP listener"));
  spdlog::info("listening on {}:{} with {} I/O threads", core_.options.host, port, std::max(1, core_.options.threads));
  return port;
}

net::awaitable<void> Server::Impl::listen() {
  for (;;) {
    boost::system::error_code ec;
    // Connections go to the I/O threads in turn. Each thread runs its context alone, so a connection's coroutine
    // and the drain's calls (posted to it) never overlap.
    net::io_context& context = *contexts_[next_context_++ % contexts_.size()];
    tcp::socket socket = co_await acceptor_.async_accept(context, net::redirect_error(net::use_awaitable, ec));
    if (!acceptor_.is_open()) co_return;  // stop() closed it; a socket accepted meanwhile closes here
    if (ec) {
      spdlog::warn("accept failed: {}", ec.message());
      net::steady_timer pause(control_, kAcceptRetryDelay);
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    auto connection = std::make_shared<Connection>(core_, std::move(socket));
    net::co_spawn(connection->executor(), Connection::serve(connection), log_failure("an HTTP connection"));
  }
}

net::awaitable<void> Server::Impl::drain() {
  boost::system::error_code ec;
  acceptor_.close(ec);
  spdlog::info("HTTP server stopping: no new connections; {} open", core_.connections.size());
  co_await finish_connections();
  // Other work on io_context() (a signal_set wait, another component's timers) would keep run() from
  // ever returning; the contract is that run() returns once the stop completes.
  stop_contexts();
  spdlog::info("HTTP server stopped");
}

net::awaitable<void> Server::Impl::finish_connections() {
  post_to_each_connection(&Connection::on_drain);
  const auto grace = core_.options.shutdown_grace;
  if (co_await wait_until_no_connections(SteadyClock::now() + grace)) co_return;

  spdlog::warn("{} HTTP connections still open after the {}s shutdown grace; closing them", core_.connections.size(),
               grace.count());
  post_to_each_connection(&Connection::force_close);
  if (co_await wait_until_no_connections(SteadyClock::now() + kForceCloseWait)) co_return;
  // Only a handler stuck on something that never completes gets here; its coroutine is destroyed
  // with the io_context.
  spdlog::error("{} HTTP requests did not finish after their connections were closed", core_.connections.size());
}

net::awaitable<bool> Server::Impl::wait_until_no_connections(SteadyClock::time_point deadline) {
  // Polling, rather than a signal from each closing connection, keeps the connections free of any
  // shutdown logic; it only runs while stopping.
  net::steady_timer timer(control_);
  while (!core_.connections.empty()) {
    const auto now = SteadyClock::now();
    if (now >= deadline) co_return false;
    timer.expires_after(std::min<SteadyClock::duration>(kDrainPollInterval, deadline - now));
    boost::system::error_code ec;
    co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
  co_return true;
}

void Server::Impl::post_to_each_connection(void (Connection::*action)()) {
  // Each call runs on the connection's strand, never beside its coroutine.
  for (auto& connection : core_.connections.snapshot()) {
    net::post(connection->executor(), [connection, action] { (connection.get()->*action)(); });
  }
}

void Server::Impl::stop_contexts() {
  for (auto& context : contexts_) context->stop();
}

void Server::Impl::run_io_thread(net::io_context& context) {
  for (;;) {
    try {
      context.run();
      return;
    } catch (const std::exception& e) {
      // Our completion handlers catch their own; this is a last guard so one bug does not end the process.
      spdlog::error("an I/O thread caught an exception and continues: {}", e.what());
    }
  }
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

Result<std::uint16_t> Server::start() { return impl_->start(); }

void Server::run() {
  std::vector<std::thread> helpers;
  for (std::size_t i = 1; i < impl_->contexts_.size(); ++i)
    helpers.emplace_back([this, i] {
      name_this_thread("cs-io-" + std::to_string(i));
      impl_->run_io_thread(*impl_->contexts_[i]);
    });
  impl_->run_io_thread(*impl_->contexts_.front());
  for (auto& helper : helpers) helper.join();
}

void Server::stop() {
  if (impl_->core_.draining.exchange(true)) return;  // the first call drains; later ones have nothing to add
  net::co_spawn(impl_->control_, impl_->drain(), log_failure("the HTTP drain"));
}

Metrics& Server::metrics() { return impl_->core_.metrics; }

boost::asio::io_context& Server::io_context() { return *impl_->contexts_.front(); }

}  // namespace callsign::http
