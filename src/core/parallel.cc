#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace strata {

void ParallelFor(size_t count, size_t inline_below, const std::function<void(size_t)>& work) {
  size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
  if (count < inline_below || threads == 1) {
    for (size_t i = 0; i < count; ++i) work(i);
    return;
  }
  // Items are claimed in small chunks, so a slow item (a big file) does not leave other cores idle.
  constexpr size_t kChunk = 64;
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t start; (start = next.fetch_add(kChunk)) < count;) {
      for (size_t i = start; i < std::min(count, start + kChunk); ++i) work(i);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (std::thread& t : pool) t.join();
}

}  // namespace strata
