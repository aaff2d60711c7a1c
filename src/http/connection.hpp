#pragma once
// Connection: one accepted TCP connection, served by one coroutine on one I/O thread. Reads requests
// under the size limits and timeouts, hands them to the dispatcher, writes the responses, keeps alive.
// Internal to src/http.
#include <utility>

#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.hpp"
#include "http/server_core.hpp"

namespace callsign::http {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket` must be bound to an io_context that one thread alone runs: every member below runs there.
  Connection(ServerCore& core, boost::asio::ip::tcp::socket socket);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Serves requests until the peer leaves, a timeout or error, or a drain; then closes the socket.
  static boost::asio::awaitable<void> serve(std::shared_ptr<Connection> self);

  boost::asio::any_io_executor executor() { return stream_.get_executor(); }

  // Called on executor() (post them) when the server stops. on_drain closes the connection now if it
  // is waiting for a request; otherwise the request in flight is answered first (with Connection: close).
  void on_drain();
  // Closes the socket whatever the connection is doing: for when the shutdown grace has run out.
  void force_close();

 private:
  using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  boost::asio::awaitable<void> serve_requests();
  boost::asio::awaitable<bool> wait_for_request(bool first);
  boost::asio::awaitable<boost::beast::error_code> read_request(RequestParser& parser);
  boost::asio::awaitable<bool> answer(const Request& request);
  boost::asio::awaitable<void> reject_unreadable(boost::beast::error_code ec, RequestParser& parser);
  boost::asio::awaitable<void> drain_input_before_close();
  void close();

  ServerCore& core_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string remote_ip_;
  bool idle_ = false;    // waiting for the first byte of a request: a drain may close us right away
  bool closed_ = false;  // force_close() ran: do not start anything new
};

}  // namespace callsign::http
