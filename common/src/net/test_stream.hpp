#pragma once
#include <cstddef>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>

namespace smpp::net {

// A byte stream that a transport can run over instead of a socket, so that connection-level
// behaviour (partial writes, a peer that stops reading, a reset at any byte) is tested in
// memory, scripted, with no sockets and no real-time waits. Handlers are type-erased here, and
// only here: the TCP path of transport never sees this class.
//
// The templates make it an Asio AsyncReadStream/AsyncWriteStream, so asio::async_write composes
// over it exactly as over a socket (a write that takes one byte at a time is retried by Asio).
// Implementations complete operations through their executor, never inline, and must honour
// per-operation cancellation (the handler's cancellation slot): connection's coroutines are
// joined with awaitable operators, which cancel the losers that way.
class test_stream {
public:
    using executor_type = boost::asio::any_io_executor;
    using signature = void(boost::system::error_code, std::size_t);
    using handler = boost::asio::any_completion_handler<signature>;

    virtual ~test_stream() = default;
    virtual executor_type get_executor() = 0;

    template <typename Buffers, typename Token>
    auto async_read_some(const Buffers& buffers, Token&& token) {
        // One buffer is enough: a read may return fewer bytes than asked.
        const boost::asio::mutable_buffer first = *boost::asio::buffer_sequence_begin(buffers);
        return boost::asio::async_initiate<Token, signature>(
            [this](auto h, boost::asio::mutable_buffer b) { start_read(b, handler(std::move(h))); }, token, first);
    }

    template <typename Buffers, typename Token>
    auto async_write_some(const Buffers& buffers, Token&& token) {
        const boost::asio::const_buffer first = *boost::asio::buffer_sequence_begin(buffers);
        return boost::asio::async_initiate<Token, signature>(
            [this](auto h, boost::asio::const_buffer b) { start_write(b, handler(std::move(h))); }, token, first);
    }

    // The non-blocking attempt connection makes straight from its caller: what the stream takes
    // now, or would_block.
    virtual std::size_t write_some(boost::asio::const_buffer b, boost::system::error_code& ec) = 0;
    // Pending operations complete with operation_aborted, as socket::cancel does.
    virtual void cancel() = 0;
    // Our side hangs up: the peer sees EOF.
    virtual void close() = 0;

protected:
    virtual void start_read(boost::asio::mutable_buffer b, handler h) = 0;
    virtual void start_write(boost::asio::const_buffer b, handler h) = 0;
};

}  // namespace smpp::net
