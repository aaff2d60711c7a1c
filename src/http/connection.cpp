#include "http/connection.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "http/response_encoding.hpp"
#include "http/string_view.hpp"

namespace callsign::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = beast::http;
using net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kFirstReadBytes = 4096;
// After an error response, how long and how much of the client's unread upload we read and drop.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerMaxBytes = 4 * 1024 * 1024;

auto redirect(beast::error_code& ec) { return net::redirect_error(net::use_awaitable, ec); }

// Unknown verbs share one label, so clients cannot mint new metric series.
std::string_view method_label(beast_http::verb method) {
  return method == beast_http::verb::unknown ? std::string_view("OTHER") : to_std(beast_http::to_string(method));
}

bool expects_continue(const Request& request) {
  return request.version() >= 11 && beast::iequals(request[beast_http::field::expect], "100-continue");
}

// The read errors that deserve an answer: the limits and malformed HTTP. The others (the peer left,
// a timeout, a drain) leave nobody worth answering, so the connection just closes.
std::optional<Response> response_for_read_error(const beast::error_code& ec, const ServerOptions& options) {
  if (ec == beast_http::error::body_limit) {
    return error_response(413, "payload_too_large",
                          "The request body is larger than the limit of " + std::to_string(options.max_body_bytes) +
                              " bytes.");
  }
  if (ec == beast_http::error::header_limit) {
    return error_response(413, "headers_too_large",
                          "The request headers are larger than the limit of " +
                              std::to_string(options.max_header_bytes) + " bytes.");
  }
  const bool is_parse_error = ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category();
  if (!is_parse_error || ec == beast_http::error::end_of_stream || ec == beast_http::error::partial_message ||
      ec == beast_http::error::short_read) {
    return std::nullopt;
  }
  return error_response(400, "malformed_request", "The request is not valid HTTP/1.1 (" + ec.message() + ").");
}

// Keeps the in-flight gauge right however the handler's coroutine ends.
class InFlightRequest {
 public:
  explicit InFlightRequest(Metrics& metrics) : metrics_(metrics) { metrics_.request_started(); }
  ~InFlightRequest() { metrics_.request_finished(); }
  InFlightRequest(const InFlightRequest&) = delete;
  InFlightRequest& operator=(const InFlightRequest&) = delete;

 private:
  Metrics& metrics_;
};

std::string peer_address(const tcp::socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  net::ip::address address = endpoint.address();
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; report the address people know.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

}  // namespace

Connection::Connection(ServerCore& core, tcp::socket socket)
    : core_(core), stream_(std::move(socket)), remote_ip_(peer_address(stream_.socket())) {
  beast::error_code ec;
  // Responses are written whole; Nagle's algorithm would only delay their last segment.
  stream_.socket().set_option(tcp::no_delay(true), ec);
  core_.metrics.connection_opened();
}

Connection::~Connection() {
  core_.connections.remove(this);
  core_.metrics.connection_closed();
}

net::awaitable<void> Connection::serve(std::shared_ptr<Connection> self) {
  // Registered here rather than by the listener: either the server's drain sees this connection in the
  // registry, or this coroutine sees the draining flag first (the flag is set before the registry is read).
  self->core_.connections.add(self.get(), self);
  co_await self->serve_requests();
  self->close();
}

net::awaitable<void> Connection::serve_requests() {
  const ServerOptions& options = core_.options;
  for (bool first = true; !closed_ && !core_.draining.load(); first = false) {
    const bool request_coming = co_await wait_for_request(first);
    if (!request_coming) co_return;

    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(options.max_body_bytes);
    const beast::error_code ec = co_await read_request(parser);
    if (ec) {
      co_await reject_unreadable(ec, parser);
      co_return;
    }

    const Request request = parser.release();
    const bool keep_alive = co_await answer(request);
    if (!keep_alive) co_return;
  }
}

net::awaitable<bool> Connection::wait_for_request(bool first) {
  // The first request must arrive whole within read_timeout of the accept (a connection that sends
  // nothing is not "idle", it is slow); later ones get idle_timeout to begin, then read_timeout.
  stream_.expires_after(first ? core_.options.read_timeout : core_.options.idle_timeout);
  if (buffer_.size() == 0) {
    beast::error_code ec;
    idle_ = true;
    const std::size_t n = co_await stream_.async_read_some(buffer_.prepare(kFirstReadBytes), redirect(ec));
    idle_ = false;
    if (ec) co_return false;  // the peer left, idle timeout, or on_drain()
    buffer_.commit(n);
  }
  if (!first) stream_.expires_after(core_.options.read_timeout);
  co_return true;
}

net::awaitable<beast::error_code> Connection::read_request(RequestParser& parser) {
  beast::error_code ec;
  co_await beast_http::async_read_header(stream_, buffer_, parser, redirect(ec));
  if (ec) co_return ec;  // includes a declared Content-Length over the body limit
  if (expects_continue(parser.get())) {
    // Clients that ask (curl does for large uploads) wait for this before sending the body.
    beast_http::response<beast_http::empty_body> go_on{beast_http::status::continue_, parser.get().version()};
    co_await beast_http::async_write(stream_, go_on, redirect(ec));
    if (ec) co_return ec;
  }
  if (!parser.is_done()) co_await beast_http::async_read(stream_, buffer_, parser, redirect(ec));
  co_return ec;
}

net::awaitable<bool> Connection::answer(const Request& request) {
  const auto started = SteadyClock::now();
  DispatchResult result;
  {
    InFlightRequest in_flight(core_.metrics);
    result = co_await core_.dispatcher.dispatch(request, remote_ip_);
  }
  const auto elapsed = SteadyClock::now() - started;
  const unsigned status = result.response.status;

  // Recorded before the write, so a client holding its response can rely on it being counted.
  core_.metrics.record_request(result.route, method_label(request.method()), status, elapsed);
  const std::string_view target = to_std(request.target());
  // The query string stays out of the log: it may carry keys. Headers and bodies never go in.
  spdlog::debug("{} {} {} {}us", to_std(request.method_string()), target.substr(0, target.find('?')), status,
                std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());

  // Once draining, this is the connection's last response, and the header tells the client so.
  const bool keep_alive = request.keep_alive() && !core_.draining.load();
  const bool headers_only = request.method() == beast_http::verb::head;
  WireResponse wire = encode_response(std::move(result.response), request.version(), keep_alive, headers_only);
  beast::error_code ec;
  stream_.expires_after(core_.options.write_timeout);
  co_await beast_http::async_write(stream_, wire, redirect(ec));
  co_return !ec && keep_alive;
}

net::awaitable<void> Connection::reject_unreadable(beast::error_code ec, RequestParser& parser) {
  std::optional<Response> reply = response_for_read_error(ec, core_.options);
  if (!reply) co_return;

  const bool have_header = parser.is_header_done();
  const std::string_view method = have_header ? method_label(parser.get().method()) : std::string_view("OTHER");
  core_.metrics.record_request("unmatched", method, reply->status, std::chrono::nanoseconds{0});
  spdlog::debug("rejected a request from {}: {} ({})", remote_ip_, reply->status, ec.message());

  WireResponse wire = encode_response(std::move(*reply), have_header ? parser.get().version() : 11, false);
  stream_.expires_after(core_.options.write_timeout);
  co_await beast_http::async_write(stream_, wire, redirect(ec));
  if (!ec) co_await drain_input_before_close();
}

net::awaitable<void> Connection::drain_input_before_close() {
  // Closing a socket that still has unread input makes the kernel send RST, which can destroy the
  // error response before the client reads it. So: stop sending, then read and drop the rest, briefly.
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(kLingerTime);
  std::array<char, 4096> sink;
  for (std::size_t dropped = 0; !ec && dropped < kLingerMaxBytes;) {
    dropped += co_await stream_.async_read_some(net::buffer(sink), redirect(ec));
  }
}

void Connection::on_drain() {
  if (idle_) stream_.cancel();  // the pending read ends with operation_aborted and serve() returns
}

void Connection::force_close() {
  closed_ = true;
  close();
}

void Connection::close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

}  // namespace callsign::http
