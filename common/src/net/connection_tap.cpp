// The connection's wire tap (smpp/log/wire_tap.hpp), made once the socket is connected.
#include "connection.hpp"

namespace smpp::net {
namespace {

log::wire_endpoint endpoint_of(const tcp::endpoint& e) { return {e.address().to_string(), e.port()}; }

}  // namespace

void connection::open_tap() {
    if (!logger_.wire()) return;
    boost::system::error_code local_ec, remote_ec;
    const auto local = transport_.socket().local_endpoint(local_ec);
    const auto remote = transport_.socket().remote_endpoint(remote_ec);
    if (local_ec || remote_ec) return;  // already gone: nothing will flow to tap
    tap_ = logger_.wire()({endpoint_of(local), endpoint_of(remote), role_ == role::esme});
}

}  // namespace smpp::net
