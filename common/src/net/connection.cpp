#include "connection.hpp"

#include <cstring>

#include <fmt/format.h>

namespace smpp::net {
namespace {

bool cancelled(asio::cancellation_state state) {
    return state.cancelled() != asio::cancellation_type::none;
}

std::string endpoint_text(const tcp::socket& s) {
    boost::system::error_code ec;
    const auto ep = s.remote_endpoint(ec);
    return ec ? std::string{} : fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

}  // namespace

connection::connection(transport stream, session_config cfg, std::uint64_t number, event_hook hook,
                       log::logger logger)
    : transport_(std::move(stream)),
      session_(cfg, clock::now()),
      role_(cfg.self),
      number_(number),
      peer_(endpoint_text(transport_.socket())),
      hook_(std::move(hook)),
      logger_(std::move(logger)),
      wake_writer_(transport_.socket().get_executor()),
      deadline_(transport_.socket().get_executor()),
      max_pdu_size_(cfg.max_pdu_size),
      max_unsent_bytes_(cfg.max_unsent_bytes),
      read_buffer_(initial_read_buffer) {}

awaitable<bool> connection::connect(const tcp::resolver::results_type& endpoints, clock::duration timeout) {
    using namespace asio::experimental::awaitable_operators;
    // deadline_ is idle until run(); as the connect limit, unbind() cancels it.
    deadline_.expires_after(timeout);
    auto outcome = co_await (asio::async_connect(transport_.socket(), endpoints, use_tuple) || deadline_.async_wait(use_tuple));
    if (session_.closing()) co_return false;  // shutdown arrived while connecting
    // As the user named it: "localhost:2775", whichever of its addresses failed last.
    const std::string target =
        endpoints.empty() ? std::string("the MC") : endpoints.begin()->host_name() + ":" + endpoints.begin()->service_name();
    if (outcome.index() == 1) {
        close_detail_ = fmt::format("Connect to {} timed out after {} ms", target,
                                    std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count());
        co_return false;
    }
    if (auto [ec, endpoint] = std::get<0>(outcome); ec) {
        close_detail_ = fmt::format("Connect to {} failed: {}", target, ec.message());
        co_return false;
    }
    peer_ = endpoint_text(transport_.socket());
    transport_.socket().set_option(tcp::no_delay(true));
    co_return true;
}

void connection::abandon(close_reason reason) {
    boost::system::error_code ignored;
    transport_.socket().close(ignored);
    session_.on_transport_closed(reason);
    dispatch();
    log_closed();
}

awaitable<close_reason> connection::run() {
    using namespace asio::experimental::awaitable_operators;
    // flush() writes straight from the caller when it can; a full socket buffer must say
    // would_block rather than stall the thread.
    transport_.set_run_options();
    open_tap();
    running_ = true;
    flush();
    co_await (reader() || writer() || ticker());
    running_ = false;
    co_await transport_.close();
    report_unsent(write_buffer_, write_head_);
    report_unsent(session_.outbox(), outbox_head_);
    tap_.reset();
    const bool reset = transport::peer_hung_up(read_error_);
    explain_early_close(reset || !read_error_);
    session_.on_transport_closed(reset || !read_error_ ? close_reason::peer_closed : close_reason::io_error);
    dispatch();
    log_closed();
    co_return *session_.reason();
}

namespace {

// Input handled per turn before its answers go out. The whole of a big read in one turn makes
// the peer wait for all of it and then leaves us idle while it answers: on two cores both sides
// fell into lock-step batches, each half idle. Slices of 8 KiB (about 100 submit_sm) keep both
// busy at once: window 256 went from 0.6-1.0M to 1.3M msg/s, at a few more writes per window.
constexpr std::size_t feed_slice = 8 * 1024;

}  // namespace

awaitable<void> connection::reader() {
    std::size_t have = 0;
    for (;;) {
        auto [ec, n] = co_await transport_.async_read_some(
            asio::buffer(read_buffer_.data() + have, read_buffer_.size() - have), use_tuple);
        if (ec) {
            read_error_ = ec;
            co_return;
        }
        tap(log::direction::in, read_buffer_.data() + have, n);
        have += n;
        const bool filled = have == read_buffer_.size();
        const auto now = clock::now();
        std::size_t used = 0;
        while (used < have) {
            fed_ = {read_buffer_.data() + used, std::min(have - used, feed_slice)};
            std::size_t took = session_.feed(fed_, now);
            // A PDU bigger than a slice: take it whole.
            if (took == 0 && have - used > feed_slice) {
                fed_ = {read_buffer_.data() + used, have - used};
                took = session_.feed(fed_, now);
            }
            used += took;
            dispatch();
            flush();
            if (took == 0) break;  // the rest is a partial PDU
        }
        have -= used;
        if (have != 0) std::memmove(read_buffer_.data(), read_buffer_.data() + used, have);
        fit_read_buffer(have, n, filled);
    }
}

void connection::fit_read_buffer(std::size_t have, std::size_t last_read, bool filled) {
    if (filled) {
        // Traffic: read many PDUs per system call. Only once bound: before that the session
        // takes nothing a small buffer cannot hold, and a stranger gets no more memory.
        std::size_t want = session_.was_bound() ? busy_read_buffer : 0;
        // A frame bigger than the buffer (the session accepted its length): room for it whole.
        if (have >= 4)
            want = std::max<std::size_t>(want, std::size_t{read_buffer_[0]} << 24 | std::size_t{read_buffer_[1]} << 16 |
                                                   std::size_t{read_buffer_[2]} << 8 | std::size_t{read_buffer_[3]});
        if (want > read_buffer_.size()) read_buffer_.resize(want);
        return;
    }
    // Quiet again (less than a small buffer arrived, none of it left over): give the memory
    // back. Reads that stay under 4 KiB never grow it, so this does not flap.
    if (have == 0 && last_read < initial_read_buffer && read_buffer_.size() > initial_read_buffer)
        byte_buffer(initial_read_buffer).swap(read_buffer_);
}

awaitable<void> connection::writer() {
    for (;;) {
        if (!session_.outbox().empty()) {
            // Everything queued since the last write goes out in one call.
            std::swap(write_buffer_, session_.outbox());
            write_head_ = std::exchange(outbox_head_, 0);
            writing_ = true;
            auto [ec, n] = co_await transport_.async_write(asio::buffer(write_buffer_), use_tuple);
            writing_ = false;
            tap(log::direction::out, write_buffer_.data(), n);
            if (ec) {
                // What did not go out is reported once the connection has ended (force_close
                // may have dropped it already, the write still in flight).
                if (n <= write_buffer_.size()) {
                    write_head_ = unfinished_after(write_buffer_, write_head_, n);
                    write_buffer_.erase(write_buffer_.begin(), write_buffer_.begin() + static_cast<std::ptrdiff_t>(n));
                }
                if (!read_error_) read_error_ = ec;
                co_return;
            }
            write_buffer_.clear();
            continue;
        }
        if (session_.closing()) co_return;  // flushed: now the socket may close
        wake_writer_.expires_at(clock::time_point::max());
        co_await wake_writer_.async_wait(use_tuple);
        if (cancelled(co_await asio::this_coro::cancellation_state)) co_return;
    }
}

awaitable<void> connection::ticker() {
    for (;;) {
        armed_for_ = session_.next_deadline().value_or(clock::time_point::max());
        deadline_.expires_at(armed_for_);
        auto [ec] = co_await deadline_.async_wait(use_tuple);
        if (cancelled(co_await asio::this_coro::cancellation_state)) co_return;
        if (ec) continue;  // an earlier deadline appeared: re-arm
        session_.on_timer(clock::now());
        dispatch();
        wake_writer_.cancel();
    }
}

void connection::unbind() {
    session_.unbind(clock::now());
    deadline_.cancel();  // while connecting, this timer is the connect limit: give up now
    dispatch();
    flush();
}

void connection::force_close(close_reason reason) {
    session_.close(reason);
    transport_.cancel();
    // A write in flight may have gone out in part: only the outbox is surely unsent.
    if (!writing_) report_unsent(write_buffer_, write_head_);
    report_unsent(session_.outbox(), outbox_head_);
    write_buffer_.clear();
    session_.outbox().clear();
    dispatch();
    flush();
}

smpp::session& connection::core() {
    // Hooks run inside dispatch(), after which the reader flushes; elsewhere one posted flush
    // covers every command of this turn, and costs nothing once the outbox is empty.
    if (!dispatching_ && !flush_posted_) {
        if (auto self = weak_from_this().lock()) {
            flush_posted_ = true;
            asio::post(wake_writer_.get_executor(), [self = std::move(self)] {
                self->flush_posted_ = false;
                self->flush();
            });
        }
    }
    return session_;
}

void connection::flush() {
    // A peer that sends requests but reads no answers would make us buffer without end.
    if (session_.outbox().size() > max_unsent_bytes_ && !session_.closing()) {
        close_detail_ = fmt::format("Peer stopped reading: over {} bytes unsent; closed", max_unsent_bytes_);
        force_close(close_reason::peer_not_reading);
        return;
    }
    // Hooks flush as they go; the batch they are part of is written once it is complete.
    if (dispatching_) return;
    write_now();
    if (!session_.outbox().empty() || session_.closing()) wake_writer_.cancel();
    // Re-arming a timer costs a system call; most new deadlines (a response timeout) lie after
    // the armed one, and a timer that fires early just re-arms.
    if (session_.next_deadline().value_or(clock::time_point::max()) < armed_for_) deadline_.cancel();
}

void connection::write_now() {
    // Waking the writer coroutine costs a trip through the scheduler and often an extra
    // epoll_wait; at window 1 that is most of the round trip. Whatever the socket takes now
    // goes out now; the writer sends the rest, and meets any error.
    auto& out = session_.outbox();
    // TLS records are the stream's business: that path always goes through the writer.
    if (!running_ || writing_ || out.empty() || transport_.secure()) return;
    boost::system::error_code ec;
    const std::size_t n = transport_.write_some(asio::buffer(out), ec);
    if (ec) return;
    tap(log::direction::out, out.data(), n);
    if (n == out.size()) {
        out.clear();
        outbox_head_ = 0;
    } else {
        outbox_head_ = unfinished_after(out, outbox_head_, n);
        out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
    }
}

void connection::dispatch() {
    // A hook may act on the session and so queue further events; the outer loop picks them up.
    if (dispatching_) return;
    dispatching_ = true;
    while (!session_.events().empty()) {
        std::swap(events_, session_.events());
        for (const auto& e : events_) {
            log_event(e);
            if (hook_) hook_(*this, e);
        }
        events_.clear();
    }
    dispatching_ = false;
    if (idle_watcher_ && session_.traffic_in_flight() == 0) idle_watcher_();
}

}  // namespace smpp::net
