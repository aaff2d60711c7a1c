#pragma once
// glibc's allocator, tuned for a server whose hot paths allocate and free the same short-lived blocks over and
// over (SQLite's statement journals and temporary b-trees, request buffers). By default glibc hands the free top
// of a thread's heap back to the kernel (madvise) once it passes 128 KiB, and the next request faults the pages in
// again; every such madvise also flushes the TLBs of every CPU running the process — measured as a fifth of the
// writer thread's time on the Twilio webhook path (bench/results/webhooks-*.md).

namespace callsign::app {

// Keeps up to a few MiB of freed memory per heap instead of returning it at once. Call once, before threads start.
void tune_allocator();

}  // namespace callsign::app
