#pragma once
// Boost 1.74's beast::string_view is boost::string_view, which neither fmt nor std::string_view accept.
#include <string_view>

#include <boost/beast/core/string.hpp>

namespace callsign::http {

inline std::string_view to_std(boost::beast::string_view text) { return {text.data(), text.size()}; }
inline boost::beast::string_view to_beast(std::string_view text) { return {text.data(), text.size()}; }

// ASCII case-insensitive equality, as HTTP field names compare.
inline bool iequals(std::string_view a, std::string_view b) { return boost::beast::iequals(to_beast(a), to_beast(b)); }

}  // namespace callsign::http
