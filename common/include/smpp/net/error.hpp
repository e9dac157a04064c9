#pragma once
/// @file
/// Error codes of the network API. Two categories: the library's own (`smpp::net::error`, what
/// went wrong on this side: a timeout, a lost connection, a request the state forbids) and the
/// peer's answer (`smpp::command_status`, what the MC refused a request with). A submit_sm the
/// MC refuses with ESME_RTHROTTLED completes with `make_error_code(command_status::throttled)`:
/// `ec.category() == smpp::command_status_category()`, `ec.value() == 0x58`,
/// `ec.message() == "ESME_RTHROTTLED"`.
#include <boost/system/error_code.hpp>

#include "smpp/codec/command_status.hpp"

namespace smpp {

/// The category of error_codes whose value is the peer's command_status.
const boost::system::error_category& command_status_category() noexcept;

/// An error_code carrying a command_status the peer answered with.
inline boost::system::error_code make_error_code(command_status s) noexcept {
    return {static_cast<int>(s), command_status_category()};
}

}  // namespace smpp

namespace smpp::net {

/// Local failures: the peer did not say this; this side decided it.
enum class error {
    timeout = 1,       ///< no response (or unbind_resp, or bind_resp) within its timeout
    connection_lost,   ///< the connection ended while the operation was under way
    not_bound,         ///< the session is not bound (yet, or any more) for this request
    already_connected, ///< async_connect on a client that is connecting or connected
    shutting_down,     ///< the session is unbinding or its group is stopping
    connect_failed,    ///< resolve, TCP connect or TLS handshake failed
    tls_setup_failed,  ///< the TLS certificate, key or CA files could not be used
    encode_failed,     ///< a field is out of the range SMPP 3.4 allows; nothing was sent
    session_failed,    ///< a session's coroutine threw (see the group's error handler)
    stop_timeout,      ///< the group's deadline passed with sessions still bound: force-closed
};

/// The category of smpp::net::error.
const boost::system::error_category& error_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

}  // namespace smpp::net

template <>
struct boost::system::is_error_code_enum<smpp::command_status> : std::true_type {};
template <>
struct boost::system::is_error_code_enum<smpp::net::error> : std::true_type {};
