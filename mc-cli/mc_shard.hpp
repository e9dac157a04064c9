#pragma once
// One thread's share of smpp-mc: its own io_context, simulator and server. --threads N makes N
// of them; the first also runs the acceptor (which deals connections to all of them in turn),
// the signals and HTTP. Shards share nothing on the per-PDU path: receipts and MO for another
// shard's receivers are posted to it (shard_router), and only binds lock the admission counts.
#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include "asio.hpp"
#include "mc_traffic.hpp"
#include "shard_router.hpp"
#include "smpp/cli/wire_metrics.hpp"
#include "smpp/net/server.hpp"

namespace smpp::mc_app {

class mc_shard {
public:
    using all_shards = std::vector<std::unique_ptr<mc_shard>>;

    // `options` is this shard's copy: only the first plays --mo-rate and --mo-file. `all` holds
    // every one of the `count` shards once they are built; a shard posts there only while the
    // MC runs.
    mc_shard(mc_options options, std::size_t index, std::size_t count, const all_shards& all,
             cli::metrics::wire_counts& wire, std::shared_ptr<net::shared_admission> admission);

    net::asio::io_context io{1};

private:
    // Set while traffic is built (its router wraps the local one), so declared before it.
    shard_router* router_ = nullptr;

public:
    mc_options opt;
    mc_traffic traffic;
    net::server server;

    // Runs io on a thread of its own until stop_thread() (the first shard runs on the caller's).
    void start_thread();
    void stop_thread();

    // The steps of the MC's shutdown each shard takes on its own thread, all at once.
    net::awaitable<std::size_t> open_sessions() { co_return server.session_count(); }
    net::awaitable<bool> drain(std::chrono::milliseconds limit);
    net::awaitable<end_report> unbind_all(std::chrono::milliseconds limit);

private:
    std::unique_ptr<mc::receipt_router_interface> route_over_shards(mc::receipt_router& local, std::size_t index,
                                                                   std::size_t count, const all_shards& all);

    std::thread thread_;
};

// Builds `count` shards into `shards` (which stays where it is: they post through it), all
// serving one port through the first one's acceptor.
void make_shards(mc_shard::all_shards& shards, const mc_options& options, std::size_t count,
                 cli::metrics::wire_counts& wire);

// Runs `work` on every shard's own thread at once and completes, on the first shard, once all
// have finished, with their results in shard order. An exception is thrown on after all are in.
template <typename R, typename Work>
net::awaitable<std::vector<R>> on_every_shard(const mc_shard::all_shards& shards, Work work) {
    std::vector<R> results(shards.size());
    std::size_t left = shards.size();
    std::exception_ptr failed;
    auto& home = shards.front()->io;
    net::asio::steady_timer all_in(home);
    for (std::size_t k = 0; k < shards.size(); ++k) {
        net::asio::co_spawn(shards[k]->io, work(*shards[k]), [&, k](std::exception_ptr e, R r) {
            net::asio::post(home, [&, k, e, r = std::move(r)]() mutable {
                results[k] = std::move(r);
                if (e) failed = e;
                if (--left == 0) all_in.cancel();
            });
        });
    }
    while (left != 0) {
        all_in.expires_at(net::asio::steady_timer::time_point::max());
        co_await all_in.async_wait(net::use_tuple);
    }
    if (failed) std::rethrow_exception(failed);
    co_return results;
}

}  // namespace smpp::mc_app
