#pragma once
// The peer of a connection, in memory and scripted by the test, in the manner of Beast's
// test::stream: what the peer sends and how it is cut into reads, how much each write takes,
// when the peer stops reading, where the stream resets or ends. What the connection wrote is
// kept for the test to decode.
//
// It lives with the tests, not in include/smpp/net/: it implements net::test_stream, which is
// as private as the transport and connection that use it (Asio stays out of the public
// headers, and a library user cannot build a connection yet). When those become public, this
// moves beside them unchanged: it needs nothing from GoogleTest.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "smpp/codec/codec.hpp"
#include "test_stream.hpp"

namespace smpp::test {

namespace asio = boost::asio;
using boost::system::error_code;

class fake_stream final : public net::test_stream {
public:
    static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

    explicit fake_stream(executor_type ex) : ex_(std::move(ex)) {}

    // ---- the peer's output, our input
    // One chunk: a read never spans two, so the test chooses where reads split.
    void peer_sends(std::span<const std::uint8_t> bytes);
    // Every read returns at most `n` bytes.
    void set_read_size(std::size_t n) { read_size_ = n; }
    // Once `offset` bytes have been read, reads fail with `ec` from then on: eof for a peer that
    // hung up, connection_reset for one that reset (which fails writes too).
    void fail_input_at(std::size_t offset, error_code ec);

    // ---- the peer's input, our output
    // Every write takes at most `n` bytes.
    void set_write_size(std::size_t n) { write_size_ = n; }
    // The peer (and the buffers between) take `n` bytes in all, then stop reading: a write
    // stays pending and write_some says would_block.
    void peer_reads_only(std::size_t n) { window_ = n; }
    // `n` more bytes fit; a stalled write goes on.
    void peer_reads_more(std::size_t n);
    // Once `offset` bytes have been written, writes fail with `ec` (reads too for a reset).
    void fail_output_at(std::size_t offset, error_code ec);

    // ---- what the connection did
    const byte_buffer& written() const noexcept { return output_; }
    std::size_t bytes_read() const noexcept { return input_read_; }
    std::size_t bytes_unread() const noexcept;
    // Writes, of either kind, that took bytes.
    std::size_t writes() const noexcept { return writes_; }
    bool closed() const noexcept { return closed_; }
    bool read_pending() const noexcept { return read_.has_value(); }
    // The space the connection offered to reads: the largest ever and the latest. Its read
    // buffer is at least this big.
    std::size_t largest_read_offered() const noexcept { return largest_read_offered_; }
    std::size_t last_read_offered() const noexcept { return last_read_offered_; }
    bool write_pending() const noexcept { return write_.has_value(); }

    // ---- net::test_stream
    executor_type get_executor() override { return ex_; }
    std::size_t write_some(asio::const_buffer b, error_code& ec) override;
    void cancel() override;
    void close() override;

private:
    struct read_op {
        asio::mutable_buffer buffer;
        handler done;
    };
    struct write_op {
        asio::const_buffer buffer;
        handler done;
    };
    struct fault {
        std::size_t offset;
        error_code ec;
    };

    void start_read(asio::mutable_buffer b, handler h) override;
    void start_write(asio::const_buffer b, handler h) override;
    void try_read();
    void try_write();
    std::size_t take(asio::const_buffer b, error_code& ec);
    void fire(const fault& f, error_code& ec);
    template <typename Op>
    void finish(std::optional<Op>& op, error_code ec, std::size_t n, bool from_slot = false);
    template <typename Op>
    void watch_cancellation(std::optional<Op>& op);

    executor_type ex_;
    std::deque<byte_buffer> chunks_;
    std::size_t chunk_used_ = 0;  // of chunks_.front()
    std::size_t read_size_ = unlimited;
    std::size_t input_read_ = 0;
    std::optional<fault> input_fault_;
    byte_buffer output_;
    std::size_t write_size_ = unlimited;
    std::size_t writes_ = 0;
    std::size_t window_ = unlimited;  // output_ may grow to this
    std::optional<fault> output_fault_;
    error_code reset_;  // once set, every operation fails with it
    std::optional<read_op> read_;
    std::optional<write_op> write_;
    bool closed_ = false;
    std::size_t largest_read_offered_ = 0;
    std::size_t last_read_offered_ = 0;
};

// The PDUs in `bytes`, in order, up to the first incomplete or undecodable frame; `rest` gets
// the bytes left after them.
std::vector<pdu> decode_all(std::span<const std::uint8_t> bytes, std::size_t* rest = nullptr);

}  // namespace smpp::test
