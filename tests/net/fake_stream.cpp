#include "fake_stream.hpp"

#include <algorithm>
#include <cstring>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

namespace smpp::test {

void fake_stream::peer_sends(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return;
    chunks_.emplace_back(bytes.begin(), bytes.end());
    try_read();
}

void fake_stream::fail_input_at(std::size_t offset, error_code ec) {
    input_fault_ = fault{offset, ec};
    try_read();
}

void fake_stream::peer_reads_more(std::size_t n) {
    window_ = window_ > unlimited - n ? unlimited : window_ + n;
    try_write();
}

void fake_stream::fail_output_at(std::size_t offset, error_code ec) {
    output_fault_ = fault{offset, ec};
    try_write();
}

std::size_t fake_stream::bytes_unread() const noexcept {
    std::size_t n = 0;
    for (const auto& c : chunks_) n += c.size();
    return n - chunk_used_;
}

std::size_t fake_stream::write_some(asio::const_buffer b, error_code& ec) {
    ec = {};
    return take(b, ec);
}

void fake_stream::cancel() {
    finish(read_, asio::error::operation_aborted, 0);
    finish(write_, asio::error::operation_aborted, 0);
}

void fake_stream::close() {
    // As with a socket: what is pending is aborted, and what follows finds no descriptor.
    closed_ = true;
    cancel();
}

void fake_stream::start_read(asio::mutable_buffer b, handler h) {
    last_read_offered_ = b.size();
    largest_read_offered_ = std::max(largest_read_offered_, b.size());
    read_.emplace(read_op{b, std::move(h)});
    watch_cancellation(read_);
    try_read();
}

void fake_stream::start_write(asio::const_buffer b, handler h) {
    write_.emplace(write_op{b, std::move(h)});
    watch_cancellation(write_);
    try_write();
}

void fake_stream::try_read() {
    if (!read_) return;
    if (closed_) return finish(read_, asio::error::bad_descriptor, 0);
    if (reset_) return finish(read_, reset_, 0);
    if (input_fault_ && input_read_ >= input_fault_->offset) {
        error_code ec;
        fire(*input_fault_, ec);
        return finish(read_, ec, 0);
    }
    if (read_->buffer.size() == 0) return finish(read_, {}, 0);
    if (chunks_.empty()) return;  // the peer is quiet: the read waits
    const byte_buffer& chunk = chunks_.front();
    std::size_t n = std::min({read_->buffer.size(), chunk.size() - chunk_used_, read_size_});
    if (input_fault_) n = std::min(n, input_fault_->offset - input_read_);
    std::memcpy(read_->buffer.data(), chunk.data() + chunk_used_, n);
    chunk_used_ += n;
    input_read_ += n;
    if (chunk_used_ == chunk.size()) {
        chunks_.pop_front();
        chunk_used_ = 0;
    }
    finish(read_, {}, n);
}

void fake_stream::try_write() {
    if (!write_) return;
    error_code ec;
    const std::size_t n = take(write_->buffer, ec);
    if (ec == asio::error::would_block) return;  // the peer reads no more: the write stalls
    finish(write_, ec, n);
}

// Both writes, the synchronous attempt and the asynchronous one, meet the same script here.
std::size_t fake_stream::take(asio::const_buffer b, error_code& ec) {
    if (closed_) {
        ec = asio::error::bad_descriptor;
        return 0;
    }
    if (reset_) {
        ec = reset_;
        return 0;
    }
    if (output_fault_ && output_.size() >= output_fault_->offset) {
        fire(*output_fault_, ec);
        return 0;
    }
    if (b.size() == 0) return 0;
    std::size_t n = std::min({b.size(), write_size_, window_ - std::min(window_, output_.size())});
    if (output_fault_) n = std::min(n, output_fault_->offset - output_.size());
    if (n == 0) {
        ec = asio::error::would_block;
        return 0;
    }
    const auto* p = static_cast<const std::uint8_t*>(b.data());
    output_.insert(output_.end(), p, p + n);
    ++writes_;
    return n;
}

void fake_stream::fire(const fault& f, error_code& ec) {
    ec = f.ec;
    if (f.ec != asio::error::connection_reset || reset_) return;
    // A reset kills both directions: whatever waits on the other one learns of it now.
    reset_ = f.ec;
    asio::post(ex_, [this] {
        try_read();
        try_write();
    });
}

template <typename Op>
void fake_stream::finish(std::optional<Op>& op, error_code ec, std::size_t n, bool from_slot) {
    if (!op) return;
    handler done = std::move(op->done);
    op.reset();
    // The slot's handler is the caller when from_slot: it must not be destroyed under itself.
    if (auto slot = done.get_cancellation_slot(); slot.is_connected() && !from_slot) slot.clear();
    // Never inline: the initiating call (or the test's script call) returns first, as with Asio.
    asio::post(ex_, [done = std::move(done), ec, n]() mutable { std::move(done)(ec, n); });
}

template <typename Op>
void fake_stream::watch_cancellation(std::optional<Op>& op) {
    auto slot = op->done.get_cancellation_slot();
    if (!slot.is_connected()) return;
    slot.assign([this, &op](asio::cancellation_type) { finish(op, asio::error::operation_aborted, 0, true); });
}

std::vector<pdu> decode_all(std::span<const std::uint8_t> bytes, std::size_t* rest) {
    std::vector<pdu> out;
    for (;;) {
        const auto frame = peek_frame(bytes);
        if (frame.status != frame_status::complete) break;
        pdu p;
        if (!decode(bytes.first(frame.length), p).ok()) break;
        out.push_back(std::move(p));
        bytes = bytes.subspan(frame.length);
    }
    if (rest) *rest = bytes.size();
    return out;
}

}  // namespace smpp::test
