#pragma once
/// @file
/// An SMPP server (the MC side) on the application's executor: it listens, accepts plain or
/// TLS connections, decides binds (the application's authenticator plus admission limits) and
/// hands every session to the application's handler. What the server answers beyond binds,
/// enquire_link and unbind is the application's business: the handler sees each request and
/// responds through the session handle.
///
/// The server never prints, never exits and installs no signal handlers: it logs through the
/// log::logger in its options and reports failures through its operations' completions.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

#include "smpp/codec/pdu.hpp"
#include "smpp/log/logger.hpp"
#include "smpp/mc/admission.hpp"
#include "smpp/net/tls_options.hpp"
#include "smpp/session/events.hpp"
#include "smpp/session/session.hpp"

namespace smpp::net {

class connection;

/// Admission shared by several servers (one per thread, say), so that the caps on bound
/// sessions and the failed-bind brake count over all of them. Each server locks it for a bind
/// and for a close, never per PDU.
struct shared_admission {
    explicit shared_admission(mc::admission_limits limits) : admission(limits) {}
    std::mutex lock;
    mc::admission admission;
};

/// How a server listens and runs its sessions.
struct server_options {
    /// Address to listen on (a name is resolved; the first result is used).
    std::string host = "127.0.0.1";
    /// Port to listen on; 0 picks a free one (see server::local_port()).
    std::uint16_t port = 2775;
    /// The system_id this server returns in bind responses.
    std::string system_id = "smpp-mc";
    /// A new connection has this long to bind (the TLS handshake included).
    std::chrono::milliseconds bind_timeout{10000};
    /// Each unbind waits this long for its unbind_resp.
    std::chrono::milliseconds unbind_timeout{5000};
    /// Idle time before an enquire_link; 0 disables.
    std::chrono::milliseconds enquire_link_interval{30000};
    /// How long requests the server's sessions send (deliver_sm) wait for their response.
    std::chrono::milliseconds response_timeout{10000};
    /// A bound session with nothing from the peer this long is closed; 0 disables.
    std::chrono::milliseconds inactivity_timeout{0};
    /// Larger PDUs are refused.
    std::size_t max_pdu_size = 65536;
    /// Test knob: never answer unbind, so clients' unbind timeouts can be tested.
    bool ignore_unbind = false;
    /// Caps on bound sessions and the brake on peers whose binds keep failing.
    mc::admission_limits admission;
    /// TLS certificate and key; off by default.
    tls_options tls;
    /// Where the server's events go (listening, connected, bind_failed, ...); none by default.
    log::logger logger;

    /// Servers that serve one port from several threads (see server::spread_over()): false for
    /// one that only takes the connections another server accepted. Its listen() loads TLS,
    /// opens no port and logs nothing.
    bool accept = true;
    /// Session numbers are first_session, first_session + session_stride, ...: servers of one
    /// process that interleave them keep every number unique (logs, admission, handles).
    std::uint64_t first_session = 1;
    std::uint64_t session_stride = 1;
    /// Counts binds with other servers, under its limits; empty: this server counts its own
    /// under `admission` above.
    std::shared_ptr<net::shared_admission> shared_admission;
};

/// Decides a bind's credentials: ESME_ROK admits it, any other status refuses it with that
/// status. `peer_address` is the connecting address without its port. Runs on the server's
/// executor, after the admission limits found the peer not blocked.
using authenticator = std::function<command_status(const bind_body& bind, std::string_view peer_address)>;

/// Admits every bind.
authenticator accept_any_bind();
/// Admits a bind whose system_id is in `passwords` with the same password; compares passwords
/// in constant time. ESME_RINVSYSID for an unknown system_id, ESME_RINVPASWD for a wrong password.
authenticator credentials_authenticator(std::map<std::string, std::string> passwords);

/// A handle on one session of a server: cheap to copy, and harmless once the session is gone
/// (every operation then does nothing and reports so). Use it on the server's executor only.
class server_session {
public:
    server_session() = default;

    /// The session's number, unique within its server; 0 for an empty handle.
    std::uint64_t id() const noexcept { return id_; }
    /// False once the session has closed (or for an empty handle).
    bool alive() const noexcept;
    /// The session's protocol state; nullptr once it is gone. Valid until the handler returns.
    smpp::session* core() const noexcept;
    /// The peer's "ADDRESS:PORT"; empty once gone.
    std::string peer() const;
    /// Who the session is, for log records: role "mc", its number and its system_id.
    log::context who() const noexcept;

    /// Answers `request` (as received in an event) and writes the answer out. Returns ESME_ROK,
    /// or why it could not be answered (the body does not encode, the session is closing, ...).
    command_status respond(const pdu& request, command_status status, pdu_body body = {});
    /// Sends a request of the server's own (deliver_sm, data_sm, ...); its response or timeout
    /// arrives as an event. Refused with ESME_RMSGQFUL while the window is full.
    send_outcome send_request(command_id id, pdu_body body);
    /// Graceful: unbind if bound, close at once otherwise.
    void unbind();
    /// Closes at once, without an unbind exchange.
    void close(close_reason reason = close_reason::forced);

private:
    friend class server;
    server_session(const std::shared_ptr<connection>& c, std::uint64_t id) : conn_(c), raw_(c.get()), id_(id) {}
    // The connection, or nullptr once it is gone. Every call is on the server's executor, where
    // the last reference only drops in a completion handler of its own: so a connection seen
    // alive stays alive for the call, and the per-PDU path needs no atomic read-modify-write
    // (which lock() is).
    connection* live() const noexcept { return conn_.expired() ? nullptr : raw_; }

    std::weak_ptr<connection> conn_;
    connection* raw_ = nullptr;
    std::uint64_t id_ = 0;
};

/// What the application does with the server's sessions. Every call is on the server's executor;
/// the session handle passed in may be copied and kept until on_closed.
class server_handler {
public:
    virtual ~server_handler() = default;
    /// A connection was accepted; it is not bound yet.
    virtual void on_connected(server_session&) {}
    /// The session was admitted and bound (its core()->state() says as what).
    virtual void on_bound(server_session&) {}
    /// Every other session event: request_received (answer with respond()), response_received,
    /// response_timeout, unbind_received, unbind_sent, closing, ... Binds are decided by the server.
    virtual void on_event(server_session&, const event&) {}
    /// The session has ended; the handle stops working once this returns.
    virtual void on_closed(server_session&, close_reason) {}
};

/// An SMPP server on the application's executor.
///
/// The usual life: listen() (or let async_run() do it), async_run() until stop_accepting(),
/// then the application's own drain, then async_shutdown(), which unbinds every session at once
/// under one deadline.
class server {
public:
    using executor_type = boost::asio::any_io_executor;

    /// `handler` must outlive the server. Nothing happens until listen() or async_run().
    server(executor_type ex, server_options options, authenticator auth, server_handler& handler);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    executor_type get_executor() const noexcept;

    /// Loads TLS (when configured) and starts listening; logs `listening` or `listen_failed`.
    /// Returns the failure, if any. Calling it again after success does nothing.
    boost::system::error_code listen();
    /// The port listened on (the one picked, for port 0); 0 before listen().
    std::uint16_t local_port() const noexcept;

    /// Accepts connections until stop_accepting(). Completes with success then, or with the
    /// error that ended accepting (listening failed, the acceptor broke, an exception escaped;
    /// transient errors such as running out of descriptors are logged and retried). Signature
    /// void(boost::system::error_code). Sessions outlive it: end them with async_shutdown().
    template <typename Token>
    auto async_run(Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this](auto handler) { launch_run(std::move(handler)); }, token);
    }

    /// Hands the connections this server accepts to `targets` in turn, round-robin (this server
    /// may be one of them): each is accepted onto its target's executor and started there, so
    /// a target on another thread runs the session on that thread. Call before async_run(),
    /// after each target's listen(); every target must outlive this server's accepting.
    void spread_over(std::vector<server*> targets);

    /// Stops accepting: async_run() completes, and binds from sessions already connected are
    /// refused with ESME_RBINDFAIL. Safe to call repeatedly.
    void stop_accepting();
    /// False once stop_accepting() was called.
    bool accepting() const noexcept;
    /// Sessions alive now, bound or not.
    std::size_t session_count() const noexcept;

    /// Unbinds every session at once and waits until all have closed or `deadline` passed;
    /// then closes the rest. Completes with success when every session closed in time, else
    /// with boost::asio::error::timed_out. Signature void(boost::system::error_code).
    template <typename Token>
    auto async_shutdown(std::chrono::steady_clock::duration deadline, Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this, deadline](auto handler) { launch_shutdown(deadline, std::move(handler)); }, token);
    }
    /// Hard stop: closes every session now, without unbinding.
    void close_all();
    /// The ignore_unbind test knob at run time, for sessions that connect from now on (each
    /// running session has its own: session::set_ignore_unbind).
    void set_ignore_unbind(bool ignore) noexcept;

private:
    using completion = boost::asio::any_completion_handler<void(boost::system::error_code)>;
    void launch_run(completion handler);
    void launch_shutdown(std::chrono::steady_clock::duration deadline, completion handler);

    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace smpp::net
