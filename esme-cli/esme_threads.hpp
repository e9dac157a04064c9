#pragma once
// A run over several threads (--threads N): one shard (esme_shard.hpp) per thread, each with its
// own io_context, sessions and ledger slice, and a coordinator on the caller's thread that owns
// what they share: the signals, --duration, the planned end and the summary of them all. The
// shards touch nothing shared while they pump: they reach each other and the coordinator only
// by posting, for a receipt that arrives on another thread than its message and for the few
// steps of the run's end.
#include <memory>
#include <thread>
#include <vector>

#include "esme_shard.hpp"

namespace smpp::esme {

class threaded_run {
public:
    // `options` already sized (size_open_ended_traffic); 2 <= threads <= options.sessions.
    threaded_run(const esme_options& options, unsigned threads);
    ~threaded_run();

    int run();
    // As esme_client::stop(): from any thread.
    void stop();

private:
    using work_guard = net::asio::executor_work_guard<net::asio::io_context::executor_type>;

    net::awaitable<int> main();
    net::awaitable<void> until_finished();
    void run_shard(unsigned k);
    void shard_finished(int code);
    void begin_end();
    void receipts_done();
    template <class F>
    void each_shard(F f) {
        for (auto& s : shards_) net::asio::post(s->io, [s = s.get(), f] { f(*s); });
    }

    esme_options opt_;
    net::asio::io_context io_{1};
    net::stop_trigger stop_;
    net::asio::steady_timer finished_;  // cancelled once every shard has ended
    std::vector<std::unique_ptr<shard>> shards_;
    std::vector<work_guard> keep_;  // a shard's io_context outlives its sessions, for receipts passed on
    std::vector<std::thread> threads_;
    unsigned traffic_owed_ = 0;  // shards with messages whose traffic is not done yet
    unsigned waiting_ = 0;       // shards whose receipt wait has not ended
    unsigned running_ = 0;       // shards whose main has not returned
    bool ending_ = false;        // the planned end has begun
    int failed_ = esme_exit::ok; // a shard that could not start, as its main returned
};

}  // namespace smpp::esme
