#include "connection.hpp"

#include <cstring>

#include <fmt/format.h>

namespace smpp::net {
namespace {

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
      deadline_(transport_.socket().get_executor()),
      max_pdu_size_(cfg.max_pdu_size),
      max_unsent_bytes_(cfg.max_unsent_bytes),
      read_buffer_(transport_.reads_when_ready() ? 0 : initial_read_buffer) {}

awaitable<bool> connection::connect(const tcp::resolver::results_type& endpoints, clock::duration timeout) {
    // deadline_ is idle until run(); as the connect limit, unbind() cancels it. A plain handler
    // rather than racing two coroutines (||): ten thousand sessions connect at once, and the
    // parallel group's frames were most of the ESME's peak memory.
    deadline_.expires_after(timeout);
    bool timed_out = false;
    deadline_.async_wait([this, &timed_out, self = shared_from_this()](boost::system::error_code ec) {
        if (ec && !session_.closing()) return;  // the connect finished first
        timed_out = !ec;
        boost::system::error_code ignored;
        transport_.socket().cancel(ignored);
    });
    auto [ec, endpoint] = co_await asio::async_connect(transport_.socket(), endpoints, use_tuple);
    deadline_.cancel();
    // The timer's handler may still be queued: let it run while `timed_out` exists.
    const auto ex = transport_.socket().get_executor();
    co_await asio::post(ex, asio::use_awaitable);
    if (session_.closing()) co_return false;  // shutdown arrived while connecting
    // As the user named it: "localhost:2775", whichever of its addresses failed last.
    const std::string target =
        endpoints.empty() ? std::string("the MC") : endpoints.begin()->host_name() + ":" + endpoints.begin()->service_name();
    if (timed_out) {
        close_detail_ = fmt::format("Connect to {} timed out after {} ms", target,
                                    std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count());
        co_return false;
    }
    if (ec) {
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

void connection::start(run_handler done) {
    done_ = std::move(done);
    // flush() writes straight from the caller when it can; a full socket buffer must say
    // would_block rather than stall the thread.
    transport_.set_run_options();
    open_tap();
    running_ = true;
    loops_ = 3;
    guarded([this] {
        flush();
        read_next();
    });
    guarded([this] { write_next(); });
    guarded([this] { tick(); });
}

awaitable<close_reason> connection::run() {
    co_return co_await asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr, close_reason)>(
        [this](auto handler) {
            // run_handler is copyable; a coroutine's handler is not.
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            start([shared](std::exception_ptr error, close_reason reason) { std::move (*shared)(error, reason); });
        },
        asio::use_awaitable);
}

void connection::loop_ended() {
    if (!stopping_) {
        stopping_ = true;
        // The others end at their next turn: wake them.
        transport_.interrupt();
        deadline_.cancel();
        if (std::exchange(writer_parked_, false)) --loops_;  // a parked writer waits for nothing
    }
    if (--loops_ != 0) return;
    running_ = false;
    auto self = shared_from_this();  // done_ may let the last owner go
    if (transport_.closes_at_once()) {
        transport_.close_now();
        return ended_with(failure_);
    }
    // A coroutine only for TLS's goodbye.
    auto close = [](std::shared_ptr<connection> c) -> awaitable<void> { co_await c->transport_.close(); };
    asio::co_spawn(transport_.socket().get_executor(), close(self),
                   [self](std::exception_ptr error) { self->ended_with(error); });
}

void connection::ended_with(std::exception_ptr error) noexcept {
    close_reason reason = close_reason::io_error;
    if (!error && !failure_) {
        try {
            reason = after_close();
        } catch (...) {
            error = std::current_exception();
        }
    }
    auto done = std::move(done_);
    done(error ? error : failure_, reason);
}

close_reason connection::after_close() {
    tap_.reset();
    report_unsent(write_buffer_, write_head_);
    report_unsent(session_.outbox(), outbox_head_);
    const bool reset = transport::peer_hung_up(read_error_);
    explain_early_close(reset || !read_error_);
    session_.on_transport_closed(reset || !read_error_ ? close_reason::peer_closed : close_reason::io_error);
    dispatch();
    log_closed();
    return *session_.reason();
}

void connection::write_next() {
    if (stopping_) return loop_ended();
    if (session_.outbox().empty()) {
        if (session_.closing()) return loop_ended();  // flushed: now the socket may close
        writer_parked_ = true;  // until flush() has something for it
        return;
    }
    // Everything queued since the last write goes out in one call.
    std::swap(write_buffer_, session_.outbox());
    write_head_ = std::exchange(outbox_head_, 0);
    writing_ = true;
    transport_.async_write(asio::buffer(write_buffer_),
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                               self->guarded([&] { self->on_written(ec, n); });
                           });
}

void connection::on_written(boost::system::error_code ec, std::size_t n) {
    writing_ = false;
    tap(log::direction::out, write_buffer_.data(), n);
    if (ec) {
        // What did not go out is reported once the connection has ended (force_close may have
        // dropped it already, the write still in flight).
        if (n <= write_buffer_.size()) {
            write_head_ = unfinished_after(write_buffer_, write_head_, n);
            write_buffer_.erase(write_buffer_.begin(), write_buffer_.begin() + static_cast<std::ptrdiff_t>(n));
        }
        if (!read_error_) read_error_ = ec;
        return loop_ended();
    }
    write_buffer_.clear();
    write_next();
}

void connection::wake_writer() {
    if (std::exchange(writer_parked_, false)) write_next();
}

void connection::tick() {
    if (stopping_) return loop_ended();
    armed_for_ = session_.next_deadline().value_or(clock::time_point::max());
    deadline_.expires_at(armed_for_);
    deadline_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        self->guarded([&] {
            // Cancelled: an earlier deadline appeared (re-armed below), or the end.
            if (!ec && !self->stopping_) {
                self->session_.on_timer(clock::now());
                self->dispatch();
                self->flush();
            }
            self->tick();
        });
    });
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
            asio::post(transport_.socket().get_executor(), [self = std::move(self)] {
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
    if (!session_.outbox().empty() || session_.closing()) wake_writer();
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
