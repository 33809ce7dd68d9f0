// StatusServer: cpp-httplib's server in front of AnswerRequest. Built as strata::serve and as the module
// libstrata-serve.so (CMakeLists.txt), it registers itself as it starts (RegisterStatusServer).
#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <mutex>
#include <thread>

#include "strata/serve.h"

namespace strata {

namespace {

struct ListenAddress {
  std::string host;
  int port = 0;
};

// "HOST:PORT", "[::1]:PORT" or ":PORT" (then 127.0.0.1).
Result<ListenAddress> ParseListenAddress(const std::string& text) {
  size_t colon = text.rfind(':');
  auto bad = [&text](const std::string& why) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("--listen '{}': {}; write HOST:PORT, e.g. 127.0.0.1:8719 (port 0 picks a free one)", text, why));
  };
  if (colon == std::string::npos) return bad("no port");
  ListenAddress address;
  address.host = text.substr(0, colon);
  if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']') {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  if (address.host.empty()) address.host = "127.0.0.1";
  std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return bad("the port is not a number from 0 to 65535");
  }
  address.port = std::stoi(port);
  return address;
}

// Why `address` cannot be bound, as the system says it ("Address already in use"), for the message.
std::string ListenBindFailure(const ListenAddress& address) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address.host.c_str(), std::to_string(address.port).c_str(), &hints, &found) != 0 || !found) {
    return "the host name cannot be resolved";
  }
  std::string why = "it cannot be bound";
  int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd >= 0) {
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (bind(fd, found->ai_addr, found->ai_addrlen) != 0) why = std::strerror(errno);
    close(fd);
  }
  freeaddrinfo(found);
  return why;
}

class HttpStatusServer final : public StatusServer {
 public:
  ~HttpStatusServer() override { Stop(); }
  const std::string& host() const override { return host_; }
  int port() const override { return port_; }
  void Wait() override {
    std::lock_guard<std::mutex> lock(join_mutex_);
    if (thread_.joinable()) thread_.join();
  }
  void Stop() override {
    server_.stop();
    Wait();
  }

  static Result<std::unique_ptr<StatusServer>> Start(ServeOptions options);

 private:
  ServeOptions options_;
  httplib::Server server_;
  std::string host_;
  int port_ = 0;
  std::thread thread_;
  std::mutex join_mutex_;
};

Result<std::unique_ptr<StatusServer>> HttpStatusServer::Start(ServeOptions options) {
  auto address = ParseListenAddress(options.listen);
  if (!address.ok()) return address.status();
  auto out = std::make_unique<HttpStatusServer>();
  out->options_ = std::move(options);
  HttpStatusServer* raw = out.get();
  // Every method and path reaches AnswerRequest, which owns the routing (404, 405, 401).
  out->server_.set_pre_routing_handler([raw](const httplib::Request& req, httplib::Response& res) {
    ServeResponse answer = AnswerRequest(raw->options_, {req.method, req.path, req.get_header_value("Authorization")});
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) res.set_header(name, value);
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::move(answer.body), answer.content_type);
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib's default SO_REUSEPORT would let a second server share a taken port, splitting the requests
  // between them: SO_REUSEADDR alone still allows a restart at once, and a taken port is an error.
  out->server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Probes connect afresh each time; a kept-alive browser connection must not hold up Stop().
  out->server_.set_keep_alive_timeout(1);
  out->host_ = address->host;
  if (address->port == 0) {
    out->port_ = out->server_.bind_to_any_port(address->host);
  } else {
    out->port_ = out->server_.bind_to_port(address->host, address->port) ? address->port : -1;
  }
  if (out->port_ <= 0) {
    return Status(StatusCode::kIoError,
                  fmt::format("cannot listen on {}:{}: {}; stop what uses it or choose another address with "
                              "--listen HOST:PORT",
                              address->host, address->port, ListenBindFailure(*address)));
  }
  out->thread_ = std::thread([raw] { raw->server_.listen_after_bind(); });
  // httplib's stop() does nothing before the loop runs: wait for it, so a quick Stop() is not lost.
  for (int i = 0; i < 2000 && !out->server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::unique_ptr<StatusServer>(std::move(out));
}

// Registered as the library starts: linked in (strata::serve asks the linker for strata_serve_driver,
// which pulls this file in) or loaded as a module.
const bool serve_registered = (RegisterStatusServer(&HttpStatusServer::Start), true);

}  // namespace
}  // namespace strata

extern "C" const void* strata_serve_driver() {
  (void)strata::serve_registered;
  return nullptr;
}
