// Runs independent pieces of work on the machine's cores.
#pragma once

#include <cstddef>
#include <functional>

namespace strata {

// Calls work(i) for every i in [0, count), on up to one thread per core; returns when all are done.
// Small counts run on the calling thread: starting threads would cost more than they save.
// REQUIRES: work(i) and work(j) touch nothing in common for i != j.
void ParallelFor(size_t count, size_t inline_below, const std::function<void(size_t)>& work);

}  // namespace strata
