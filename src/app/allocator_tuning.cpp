#include "app/allocator_tuning.hpp"

#include <malloc.h>

namespace callsign::app {

void tune_allocator() {
  constexpr int kTrimThreshold = 16 << 20;  // free top of a heap kept before it is handed back to the kernel
  constexpr int kTopPad = 4 << 20;          // extra asked for whenever a heap grows, so it grows less often
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  mallopt(M_TOP_PAD, kTopPad);
}

}  // namespace callsign::app
