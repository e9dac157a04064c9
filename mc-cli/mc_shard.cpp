#include "mc_shard.hpp"

#include "smpp/log/log.hpp"

namespace smpp::mc_app {
namespace {

net::server_options server_settings(const mc_options& o, std::size_t index, std::size_t count,
                                    cli::metrics::wire_counts& wire, std::shared_ptr<net::shared_admission> admission) {
    return {.host = o.host,
            .port = o.port,
            .system_id = o.system_id,
            .bind_timeout = o.bind_timeout,
            .unbind_timeout = o.unbind_timeout,
            .enquire_link_interval = o.enquire_link_interval,
            .response_timeout = o.response_timeout,
            .inactivity_timeout = o.inactivity_timeout,
            .max_pdu_size = o.max_pdu_size,
            .ignore_unbind = o.ignore_unbind,
            .admission = o.admission,
            .tls = o.tls,
            // The wire counts only feed /metrics: without --http no connection pays for the tap.
            .logger = o.http ? cli::metrics::counting(log::process_logger(), wire) : log::process_logger(),
            .accept = index == 0,
            // Dealt in turn, connection n lands on shard (n - 1) % count as session n.
            .first_session = index + 1,
            .session_stride = count,
            .shared_admission = std::move(admission)};
}

net::authenticator authenticator_for(const mc_options& o) {
    if (o.credentials.empty() && o.allow_any_bind) return net::accept_any_bind();
    return net::credentials_authenticator(o.credentials);
}

// The MO the MC makes of its own are made once, by the first shard, and routed from there.
mc_options for_shard(mc_options o, std::size_t index) {
    if (index == 0) return o;
    o.mo_rate = 0;
    o.mo_script.clear();
    return o;
}

}  // namespace

mc_shard::mc_shard(mc_options options, std::size_t index, std::size_t count, const all_shards& all,
                   cli::metrics::wire_counts& wire, std::shared_ptr<net::shared_admission> admission)
    : opt(std::move(options)),
      traffic(io.get_executor(), opt,
              {.index = index,
               .count = count,
               .wrap_router = [this, index, count, &all](mc::receipt_router& local) {
                   return route_over_shards(local, index, count, all);
               },
               .post = [&all](std::size_t to, std::function<void(mc_traffic&)> work) {
                   auto& target = *all[to];
                   net::asio::post(target.io, [&target, work = std::move(work)] { work(target.traffic); });
               }}),
      server(io.get_executor(), server_settings(opt, index, count, wire, std::move(admission)),
             authenticator_for(opt), traffic) {}

std::unique_ptr<mc::receipt_router_interface> mc_shard::route_over_shards(mc::receipt_router& local, std::size_t index,
                                                                         std::size_t count, const all_shards& all) {
    if (count < 2) return nullptr;
    auto post = [&all](std::size_t to, std::function<void(shard_router&)> work) {
        auto& target = *all[to];
        net::asio::post(target.io, [&target, work = std::move(work)] { work(*target.router_); });
    };
    auto router = std::make_unique<shard_router>(local, index, count, std::move(post),
                                                 [this] { traffic.receivers_changed(); });
    router_ = router.get();
    return router;
}

void mc_shard::start_thread() {
    thread_ = std::thread([this] {
        // Idle between connections: only stop_thread() ends it.
        const auto busy = net::asio::make_work_guard(io);
        io.run();
    });
}

void mc_shard::stop_thread() {
    if (!thread_.joinable()) return;
    io.stop();
    thread_.join();
}

net::awaitable<bool> mc_shard::drain(std::chrono::milliseconds limit) {
    server.stop_accepting();
    traffic.begin_stop();
    // Owed submit_sm_resps go out and in-flight receipts and MO get their answers before the unbind.
    co_return co_await traffic.drain(limit);
}

net::awaitable<end_report> mc_shard::unbind_all(std::chrono::milliseconds limit) {
    traffic.stop_delivering();
    const auto [timed_out] = co_await server.async_shutdown(limit, net::use_tuple);
    auto report = traffic.final_counts();
    report.unbind_timed_out = report.unbind_timed_out || timed_out;
    co_return report;
}

void make_shards(mc_shard::all_shards& shards, const mc_options& options, std::size_t count,
                 cli::metrics::wire_counts& wire) {
    const auto admission = std::make_shared<net::shared_admission>(options.admission);
    for (std::size_t k = 0; k < count; ++k)
        shards.push_back(std::make_unique<mc_shard>(for_shard(options, k), k, count, shards, wire, admission));
    if (count > 1) {
        std::vector<net::server*> servers;
        for (auto& s : shards) servers.push_back(&s->server);
        shards.front()->server.spread_over(std::move(servers));
    }
}

}  // namespace smpp::mc_app
