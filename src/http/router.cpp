#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

#include "http/string_view.hpp"

namespace callsign::http {
namespace beast_http = boost::beast::http;

namespace {

// "/v1/projects/abc" → {"v1", "projects", "abc"}; "/" → {""}. The caller checks the leading '/'.
std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  for (;;) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return segments;
    path.remove_prefix(slash + 1);
  }
}

bool is_capture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view capture_name(std::string_view segment) { return segment.substr(1, segment.size() - 2); }

template <class Segments>
bool segments_match(const std::vector<std::string>& pattern, const Segments& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const bool ok = is_capture(pattern[i]) ? !path[i].empty() : pattern[i] == path[i];
    if (!ok) return false;
  }
  return true;
}

// With "/v1/projects/new" and "/v1/projects/{id}" both registered, the literal one wins whatever the
// order of add(): the first segment where one pattern is literal and the other a capture decides.
bool more_specific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool a_literal = !is_capture(a[i]);
    const bool b_literal = !is_capture(b[i]);
    if (a_literal != b_literal) return a_literal;
  }
  return false;
}

// Same shape = would match exactly the same paths ("/a/{id}" and "/a/{x}").
bool same_shape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (is_capture(a[i]) != is_capture(b[i])) return false;
    if (!is_capture(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

void validate_pattern(const std::string& pattern, const std::vector<std::string>& segments) {
  for (const auto& segment : segments) {
    const bool has_brace = segment.find_first_of("{}") != std::string::npos;
    if (has_brace && (!is_capture(segment) || capture_name(segment).find_first_of("{}") != std::string_view::npos)) {
      throw std::invalid_argument("route pattern \"" + pattern + "\": a capture must be a whole segment like {id}");
    }
  }
}

}  // namespace

void Router::add(beast_http::verb method, std::string pattern, Handler handler) {
  // Routes are wired once at startup, so a mistake here is a programming error worth stopping for.
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern \"" + pattern + "\" must start with '/'");
  }
  if (!handler) throw std::invalid_argument("route " + pattern + " has an empty handler");

  std::vector<std::string> segments;
  for (std::string_view segment : split_segments(pattern)) segments.emplace_back(segment);
  validate_pattern(pattern, segments);
  for (const auto& route : routes_) {
    if (route.method == method && same_shape(route.segments, segments)) {
      throw std::invalid_argument("route " + std::string(to_std(beast_http::to_string(method))) + " " + pattern +
                                  " duplicates " + route.pattern);
    }
  }
  routes_.push_back({method, std::move(pattern), std::move(segments), std::move(handler)});
}

RouteMatch Router::match(beast_http::verb method, std::string_view path,
                         std::map<std::string, std::string>& params) const {
  RouteMatch result;
  result.route = "unmatched";
  if (path.empty() || path.front() != '/') return result;
  const auto path_segments = split_segments(path);

  // HEAD is GET without the body (RFC 9110 §9.3.2): it runs the GET handler; the connection drops the body.
  const beast_http::verb wanted = method == beast_http::verb::head ? beast_http::verb::get : method;
  const Route* best = nullptr;        // for this method
  const Route* best_other = nullptr;  // for other methods: names the route in a 405
  std::vector<beast_http::verb> allowed;
  const auto allow = [&allowed](beast_http::verb verb) {
    if (std::find(allowed.begin(), allowed.end(), verb) == allowed.end()) allowed.push_back(verb);
  };
  for (const auto& route : routes_) {
    if (!segments_match(route.segments, path_segments)) continue;
    if (route.method == wanted) {
      if (!best || more_specific(route.segments, best->segments)) best = &route;
    } else {
      if (!best_other || more_specific(route.segments, best_other->segments)) best_other = &route;
      allow(route.method);
      if (route.method == beast_http::verb::get) allow(beast_http::verb::head);
    }
  }

  if (best) {
    for (std::size_t i = 0; i < best->segments.size(); ++i) {
      if (is_capture(best->segments[i])) {
        params.insert_or_assign(std::string(capture_name(best->segments[i])), std::string(path_segments[i]));
      }
    }
    result.handler = &best->handler;
    result.route = best->pattern;
    return result;
  }
  if (best_other) {
    result.route = best_other->pattern;
    for (auto verb : allowed) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += to_std(beast_http::to_string(verb));
    }
  }
  return result;
}

}  // namespace callsign::http
