#pragma once
#include <exception>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "asio.hpp"
#include "smpp/log/logger.hpp"
#include "smpp/session/session.hpp"
#include "smpp/timing/warning_limiter.hpp"
#include "transport.hpp"

namespace smpp::net {

class connection;

// Of `bytes` (whole frames after the first `head` octets), `written` went out: how many octets
// after those finish a frame that is now partly written.
std::size_t unfinished_after(std::span<const std::uint8_t> bytes, std::size_t head, std::size_t written);

// What the MC or ESME logic does with a session's events beyond what every session does
// (answering binds, submits, deliveries). Called on the connection's executor.
using event_hook = std::function<void(connection&, const event&)>;

// How a running connection ended: an exception a hook threw, else why the session closed.
using run_handler = std::function<void(std::exception_ptr, close_reason)>;

// One TCP connection (plain or TLS) driving one smpp::session: a reader, a writer and a timer
// loop, all on one executor, so the session needs no locking. The only owner of its socket.
// The loops are chains of completion handlers, not coroutines: a bound idle session then holds
// three pending operations and no coroutine frames (7 KiB of them per session before).
class connection : public std::enable_shared_from_this<connection> {
public:
    // Logs through `logger` only: whoever owns the connection says where its records go.
    connection(transport stream, session_config cfg, std::uint64_t number, event_hook hook, log::logger logger);

    // ESME side: connects within `timeout`. False when it failed or shutdown began meanwhile;
    // the caller then calls abandon().
    awaitable<bool> connect(const tcp::resolver::results_type& endpoints, clock::duration timeout);
    // TLS: the handshake, within `timeout`; logs tls_handshake_failed or tls_established.
    // Plain: true at once. False when it failed or shutdown began; the caller then calls abandon().
    awaitable<bool> handshake(clock::duration timeout);
    // Ends a connection that never ran (connect failed or was cancelled).
    void abandon(close_reason reason);

    // Runs until the session is closed and the socket shut, then calls `done` (on the executor).
    void start(run_handler done);
    // start(), for a coroutine.
    awaitable<close_reason> run();

    // Graceful: unbind if bound, close at once otherwise. Safe to call repeatedly.
    void unbind();
    // Hard stop (second signal, group deadline, a peer that stops reading): closes without
    // waiting for the peer.
    void force_close(close_reason reason = close_reason::forced);
    // Writes what the session has queued now. Optional: work given through core() is flushed
    // by itself (see core()); calling it saves the trip through the scheduler.
    void flush();

    // The session, to give it work. Outside an event hook, this schedules one flush (posted,
    // once per turn of the executor), so commands given through it go out without a flush().
    smpp::session& core();
    const smpp::session& core() const noexcept { return session_; }
    // Called (on the executor) whenever no traffic is in flight after a batch of events: how a
    // group waiting for a drain is woken without polling.
    void on_idle(std::function<void()> watcher) { idle_watcher_ = std::move(watcher); }
    tcp::socket& socket() noexcept { return transport_.socket(); }
    std::uint64_t number() const noexcept { return number_; }
    const std::string& peer() const noexcept { return peer_; }
    log::context who() const noexcept { return {name_of(role_), number_, session_.system_id()}; }
    const log::logger& logger() const noexcept { return logger_; }

private:
    void read_soon();
    void read_next();
    void on_readable(boost::system::error_code ec);
    void record_read_error(boost::system::error_code ec);
    void on_read(boost::system::error_code ec, std::size_t n);
    void consume(std::span<std::uint8_t> area, std::size_t n);
    static std::span<std::uint8_t> read_area();
    void write_next();
    void wake_writer();
    void on_written(boost::system::error_code ec, std::size_t n);
    void tick();
    void loop_ended();
    // Once the socket is closed: what was unsent, the session's end, the closed line; then done_
    // (a hook that threw is not called again).
    void ended_with(std::exception_ptr error) noexcept;
    close_reason after_close();
    // Runs a completion handler's work; an exception from a hook ends the connection, and
    // start()'s caller gets it.
    template <typename F>
    void guarded(F&& f) noexcept;
    void dispatch();
    void write_now();
    void fit_read_buffer(std::size_t last_read, bool filled);
    void release_idle_memory();
    void log_event(const event& e);
    void report_unsent(std::span<const std::uint8_t> bytes, std::size_t head);
    void log_closed();
    // The error path's words for a peer that is not speaking SMPP (perhaps it wants TLS).
    std::string not_smpp_detail() const;
    void explain_early_close(bool peer_closed);
    void open_tap();
    void tap(log::direction d, const std::uint8_t* data, std::size_t n) {
        if (tap_) tap_->bytes(d, {data, n}, who());
    }
    bool warning_allowed();
    void log_suppressed(std::uint64_t count);

    transport transport_;
    smpp::session session_;
    role role_;
    std::uint64_t number_;
    std::string peer_;
    event_hook hook_;
    log::logger logger_;
    std::function<void()> idle_watcher_;
    std::unique_ptr<log::wire_tap> tap_;  // only when the logger asks for one
    asio::steady_timer deadline_;
    clock::time_point armed_for_ = clock::time_point::max();  // what deadline_ waits for
    // Plain TCP reads into one 64 KiB area per thread (read_area()), taken only between a
    // read and the end of its processing; read_buffer_ keeps just the start of a frame not yet
    // complete, or a frame too big for the shared area. An idle session holds no read buffer.
    // TLS and test streams read into read_buffer_ itself: 4 KiB at first, more than any bind
    // (max_bind_size) or answer to one; 64 KiB once bound and busy, or a larger PDU's size, and
    // back to 4 KiB when quiet.
    static constexpr std::size_t initial_read_buffer = 4096;
    static constexpr std::size_t busy_read_buffer = 64 * 1024;
    static constexpr std::size_t shared_read_area = busy_read_buffer;
    std::size_t max_pdu_size_;  // where the not-SMPP detail stops skipping whole frames
    std::size_t max_unsent_bytes_;
    byte_buffer read_buffer_;
    std::size_t have_ = 0;  // octets at the front of read_buffer_, the start of a frame
    std::span<const std::uint8_t> fed_;  // the input last handed to the session, while it is read
    byte_buffer write_buffer_;
    // Octets at the front of the outbox / write buffer that finish a frame partly written
    // already: what follows them is whole frames, which report_unsent can read.
    std::size_t outbox_head_ = 0;
    std::size_t write_head_ = 0;
    std::vector<event> events_;
    boost::system::error_code read_error_;
    // Warnings the peer causes at will (PDUs rejected, answers to nothing, timeouts).
    timing::warning_limiter peer_warnings_;
    std::string close_detail_;  // what went wrong, for the one line that reports the close
    run_handler done_;
    std::exception_ptr failure_;  // what a hook threw
    int loops_ = 0;               // of reader, writer and ticker, those still going
    bool stopping_ = false;       // one loop ended: the others end at their next turn
    bool writer_parked_ = false;  // nothing to write: flush() restarts the writer
    bool dispatching_ = false;
    bool running_ = false;  // run() is under way: the socket is connected and ours to write
    bool writing_ = false;  // the writer has an async_write in flight
    bool flush_posted_ = false;
};

template <typename F>
void connection::guarded(F&& f) noexcept {
    try {
        std::forward<F>(f)();
    } catch (...) {
        // The loop whose turn this was did not re-arm: it has ended, and the others with it.
        if (!failure_) failure_ = std::current_exception();
        transport_.cancel();
        loop_ended();
    }
}

}  // namespace smpp::net
