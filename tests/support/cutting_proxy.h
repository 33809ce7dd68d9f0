// A TCP proxy between strata and a database server that cuts the connection once, at the moment a
// server crash or a network failure hurts most: the first COMMIT sent after a marker (a statement of
// the migration under test). Cut before the COMMIT reaches the server, the transaction is rolled back;
// cut after the server answered it, it is committed — and in both cases the client cannot know which.
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace strata::testing {

class CuttingProxy {
 public:
  enum class Cut { kBeforeCommit, kAfterCommit };

  // Listens on 127.0.0.1 (port()) and forwards every connection to 127.0.0.1:`server_port`. `commit` is
  // the COMMIT as the protocol frames it, e.g. "\0COMMIT\0" for PostgreSQL's Parse message.
  CuttingProxy(int server_port, std::string marker, std::string commit, Cut cut);
  ~CuttingProxy();
  CuttingProxy(const CuttingProxy&) = delete;
  CuttingProxy& operator=(const CuttingProxy&) = delete;

  int port() const { return port_; }
  // True once the connection was cut.
  bool cut() const { return cut_; }

 private:
  void Serve();

  int server_port_;
  std::string marker_;
  std::string commit_;
  Cut mode_;
  int listener_ = -1;
  int port_ = 0;
  int stop_pipe_[2] = {-1, -1};
  std::atomic<bool> cut_{false};
  std::thread thread_;
};

}  // namespace strata::testing
