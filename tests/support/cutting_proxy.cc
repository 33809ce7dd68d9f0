#include "support/cutting_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace strata::testing {
namespace {

int Listen(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(fd, 16) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("the cutting proxy cannot listen");
  }
  *port = ntohs(address.sin_port);
  return fd;
}

int ConnectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
  if (fd >= 0) close(fd);
  return -1;
}

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n, size -= static_cast<size_t>(n);
  }
  return true;
}

// One client and its connection to the server.
struct Pair {
  int client = -1;
  int server = -1;
  std::string tail;             // the last bytes the client sent: a pattern may straddle two reads
  bool armed = false;           // the marker went by
  bool swallow_answer = false;  // the COMMIT went through: its answer is never delivered
  void Close() {
    if (client >= 0) close(client);
    if (server >= 0) close(server);
    client = server = -1;
  }
};

}  // namespace

CuttingProxy::CuttingProxy(int server_port, std::string marker, std::string commit, Cut cut)
    : server_port_(server_port), marker_(std::move(marker)), commit_(std::move(commit)), mode_(cut) {
  listener_ = Listen(&port_);
  if (pipe(stop_pipe_) != 0) throw std::runtime_error("pipe");
  thread_ = std::thread([this] { Serve(); });
}

CuttingProxy::~CuttingProxy() {
  (void)!write(stop_pipe_[1], "x", 1);
  thread_.join();
  close(listener_);
  close(stop_pipe_[0]);
  close(stop_pipe_[1]);
}

void CuttingProxy::Serve() {
  std::vector<Pair> pairs;
  char buffer[1 << 16];
  for (;;) {
    std::vector<pollfd> fds = {{stop_pipe_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
    for (const Pair& p : pairs) fds.push_back({p.client, POLLIN, 0}), fds.push_back({p.server, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[0].revents) break;
    const size_t polled = pairs.size();
    if (fds[1].revents & POLLIN) {
      int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      int server = client >= 0 ? ConnectTo(server_port_) : -1;
      if (server >= 0) {
        Pair pair;
        pair.client = client, pair.server = server;
        pairs.push_back(std::move(pair));
      } else if (client >= 0) {
        close(client);
      }
    }
    for (size_t i = 0; i < polled; ++i) {
      Pair& p = pairs[i];
      const pollfd& from_client = fds[2 + 2 * i];
      const pollfd& from_server = fds[3 + 2 * i];
      if (from_client.revents) {
        ssize_t n = recv(p.client, buffer, sizeof buffer, 0);
        if (n <= 0) {
          p.Close();
          continue;
        }
        std::string window = p.tail + std::string(buffer, static_cast<size_t>(n));
        size_t after_marker = 0;
        if (!cut_ && !p.armed) {
          size_t at = window.find(marker_);
          p.armed = at != std::string::npos;
          if (p.armed) after_marker = at + marker_.size();
        }
        const bool commit = !cut_ && p.armed && window.find(commit_, after_marker) != std::string::npos;
        if (commit && mode_ == Cut::kBeforeCommit) {
          cut_ = true;
          p.Close();
          continue;
        }
        if (commit) cut_ = true, p.swallow_answer = true;
        const size_t keep = std::max(marker_.size(), commit_.size());
        p.tail = window.size() > keep ? window.substr(window.size() - keep) : window;
        if (!SendAll(p.server, buffer, static_cast<size_t>(n))) p.Close();
      }
      if (p.client >= 0 && from_server.revents) {
        ssize_t n = recv(p.server, buffer, sizeof buffer, 0);
        // The server has answered the COMMIT, so it is done: the client never hears of it.
        if (n <= 0 || p.swallow_answer || !SendAll(p.client, buffer, static_cast<size_t>(n))) p.Close();
      }
    }
    std::erase_if(pairs, [](const Pair& p) { return p.client < 0; });
  }
  for (Pair& p : pairs) p.Close();
}

}  // namespace strata::testing
