#pragma once

#include <string_view>

namespace callsign {

// Names the calling thread (shown by top -H, perf and gdb). Linux keeps at most 15 characters; a longer
// name is cut. Best effort: a failure is ignored, because a name is only a diagnostic aid.
void name_this_thread(std::string_view name);

}  // namespace callsign
