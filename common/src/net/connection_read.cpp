// The reader: input from the peer, fed to the session in slices, in memory the connection holds
// only while a frame is incomplete.
#include <cstring>
#include <memory>

#include "connection.hpp"

namespace smpp::net {
namespace {

// Input handled per turn before its answers go out. The whole of a big read in one turn makes
// the peer wait for all of it and then leaves us idle while it answers: on two cores both sides
// fell into lock-step batches, each half idle. Slices of 8 KiB (about 100 submit_sm) keep both
// busy at once: window 256 went from 0.6-1.0M to 1.3M msg/s, at a few more writes per window.
constexpr std::size_t feed_slice = 8 * 1024;

std::size_t frame_length_at_front(const byte_buffer& b) {
    return std::size_t{b[0]} << 24 | std::size_t{b[1]} << 16 | std::size_t{b[2]} << 8 | std::size_t{b[3]};
}

}  // namespace

// Every plain connection of a thread reads here. Taken between a read and the end of its
// processing only, with no wait in between, so one area serves any number of sessions.
std::span<std::uint8_t> connection::read_area() {
    thread_local const auto area = std::make_unique_for_overwrite<std::uint8_t[]>(shared_read_area);
    return {area.get(), shared_read_area};
}

void connection::read_next() {
    if (stopping_) return loop_ended();
    auto self = shared_from_this();
    if (transport_.reads_when_ready()) {
        transport_.async_wait_readable(
            [self = std::move(self)](boost::system::error_code ec) { self->guarded([&] { self->on_readable(ec); }); });
        return;
    }
    transport_.async_read_some(asio::buffer(read_buffer_.data() + have_, read_buffer_.size() - have_),
                               [self = std::move(self)](boost::system::error_code ec, std::size_t n) {
                                   self->guarded([&] { self->on_read(ec, n); });
                               });
}

void connection::on_read(boost::system::error_code ec, std::size_t n) {
    if (ec) {
        record_read_error(ec);
        return loop_ended();
    }
    consume(read_buffer_, n);
    read_next();
}

void connection::on_readable(boost::system::error_code ec) {
    if (!ec) {
        // A frame bigger than the shared area is read into a buffer of its own size.
        const std::size_t frame = have_ >= 4 ? frame_length_at_front(read_buffer_) : 0;
        const bool own = frame > shared_read_area;
        if (own && read_buffer_.size() < frame) read_buffer_.resize(frame);
        const std::span<std::uint8_t> area = own ? std::span<std::uint8_t>(read_buffer_) : read_area();
        if (!own && have_ != 0) std::memcpy(area.data(), read_buffer_.data(), have_);
        const std::size_t room = area.size() - have_;
        const std::size_t n = transport_.read_some(asio::buffer(area.data() + have_, room), ec);
        if (ec == asio::error::would_block) return read_next();
        if (!ec) {
            consume(area, n);
            // Read again before waiting, even after a short read: the reactor is edge-triggered,
            // and a reset or FIN that came with the data raised no edge of its own, so a wait
            // now could sleep through the end of the connection.
            return read_soon();
        }
    }
    record_read_error(ec);
    loop_ended();
}

void connection::record_read_error(boost::system::error_code ec) {
    // The first error says why: a failed write interrupts the read, whose "cancelled" must not
    // hide the reset the write saw.
    if (!read_error_) read_error_ = ec;
}

void connection::read_soon() {
    if (stopping_) return loop_ended();
    // More may be there already; others get their turn first. Waiting for readiness instead
    // could wait for ever: the reactor reports new input, not old.
    asio::post(transport_.socket().get_executor(),
               [self = shared_from_this()] { self->guarded([&] { self->on_readable({}); }); });
}

void connection::consume(std::span<std::uint8_t> area, std::size_t n) {
    tap(log::direction::in, area.data() + have_, n);
    std::size_t have = have_ + n;
    const bool filled = have == area.size();
    const auto now = clock::now();
    std::size_t used = 0;
    while (used < have) {
        fed_ = {area.data() + used, std::min(have - used, feed_slice)};
        std::size_t took = session_.feed(fed_, now);
        // A PDU bigger than a slice: take it whole.
        if (took == 0 && have - used > feed_slice) {
            fed_ = {area.data() + used, have - used};
            took = session_.feed(fed_, now);
        }
        used += took;
        dispatch();
        flush();
        if (took == 0) break;  // the rest is a partial PDU
    }
    fed_ = {};
    have -= used;
    // The start of a frame stays with the connection until the rest comes.
    if (area.data() != read_buffer_.data() && read_buffer_.size() < have) read_buffer_.resize(have);
    if (have != 0) std::memmove(read_buffer_.data(), area.data() + used, have);
    have_ = have;
    fit_read_buffer(n, filled);
}

void connection::fit_read_buffer(std::size_t last_read, bool filled) {
    // Quiet again (less than a small buffer arrived, none of it left over): give the memory
    // back. Reads that stay under 4 KiB never grow it, so this does not flap.
    const bool quiet = have_ == 0 && last_read < initial_read_buffer;
    if (quiet && session_.in_flight() == 0) release_idle_memory();
    if (transport_.reads_when_ready()) {
        if (quiet && read_buffer_.capacity() != 0) byte_buffer().swap(read_buffer_);
        return;
    }
    if (filled) {
        // Traffic: read many PDUs per system call. Only once bound: before that the session
        // takes nothing a small buffer cannot hold, and a stranger gets no more memory.
        std::size_t want = session_.was_bound() ? busy_read_buffer : 0;
        // A frame bigger than the buffer (the session accepted its length): room for it whole.
        if (have_ >= 4) want = std::max(want, frame_length_at_front(read_buffer_));
        if (want > read_buffer_.size()) read_buffer_.resize(want);
        return;
    }
    if (quiet && read_buffer_.size() > initial_read_buffer) byte_buffer(initial_read_buffer).swap(read_buffer_);
}

namespace {

// A buffer worth freeing between PDUs: a small one costs little to allocate again. A big one
// means bursts (receipts, MO) that come back: freeing it made the MC regrow its outbox for
// every burst (W1r: 40% more MC CPU), so it stays, as every buffer did before.
template <typename Vector>
void free_if_small(Vector& v) {
    if (v.empty() && v.capacity() != 0 && v.capacity() * sizeof(typename Vector::value_type) <= 4096) Vector().swap(v);
}

}  // namespace

void connection::release_idle_memory() {
    // Nothing arrives, nothing is awaited: what buffers between PDUs is empty, and ten thousand
    // idle sessions would each hold a few hundred bytes of it.
    free_if_small(events_);
    free_if_small(session_.events());
    if (!writing_) free_if_small(write_buffer_);
    free_if_small(session_.outbox());
}

}  // namespace smpp::net
