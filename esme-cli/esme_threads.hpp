#pragma once
// A run over several threads (--threads N): one shard (esme_shard.hpp) per thread, each with its
// own io_context, sessions and ledger slice, and a coordinator on the caller's thread that owns
// what they share: the signals, --duration, the planned end and the summary of them all. The
// shards touch nothing shared while they pump: they reach each other and the coordinator only
// by posting, for a receipt that arrives on another thread than its message and for the few
// steps of the run's end.
//
// --http is the coordinator's too: its server runs on the coordinator's io_context, and a GET
// asks every shard for a snapshot (posted to the shard's io_context, copied there, so no
// counter of the per-PDU path is shared or locked) and waits for them all, at most
// snapshot_deadline, then shows their merge as a run on one thread would show it. The wait
// holds the coordinator's thread only: the shards never wait on it.
#include <chrono>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "esme_shard.hpp"

namespace smpp::esme {

// Every shard's snapshot, each copied on its shard's thread by a job posted there; waits at
// most `deadline` for them all. One missing then: throws a 503 cli::http::http_error naming
// the first such thread and its sessions.
std::vector<std::unique_ptr<shard_snapshot>> gather_snapshots(std::span<const std::unique_ptr<shard>> shards,
                                                              std::chrono::milliseconds deadline);

class threaded_run {
public:
    // `options` already sized (size_open_ended_traffic); 2 <= threads <= options.sessions.
    threaded_run(const esme_options& options, unsigned threads);
    ~threaded_run();

    int run();
    // As esme_client::stop(): from any thread.
    void stop();

    // How long a GET /metrics or /status waits for each shard's snapshot before a 503.
    static constexpr std::chrono::milliseconds snapshot_deadline{2000};

private:
    using work_guard = net::asio::executor_work_guard<net::asio::io_context::executor_type>;

    net::awaitable<int> main();
    net::awaitable<void> until_finished();
    void run_shard(unsigned k);
    void shard_finished(int code);
    void begin_end();
    void receipts_done();
    bool start_http();
    // Every shard's snapshot merged, as GET /metrics and /status show it; throws a 503
    // http_error naming the thread that did not answer in time.
    esme::run_view view();
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
    const clock::time_point started_ = clock::now();
    // The last GET's merge, which the run_view that view() returns refers to.
    struct merged;
    std::unique_ptr<merged> seen_;
    std::unique_ptr<cli::http::server> http_;  // --http
};

}  // namespace smpp::esme
