// smpp-mc as a process around the simulator: its shards (one io_context each, --threads), the
// signals, the order of the graceful shutdown (stop accepting, drain, unbind everyone, on every
// shard at once) and the exit code.
#include "mc_app.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "asio.hpp"
#include "http_api.hpp"
#include "mc_shard.hpp"
#include "run_main.hpp"
#include "smpp/log/log.hpp"
#include "stop_trigger.hpp"

namespace smpp {
namespace {

constexpr log::context process{.role = "mc"};

}  // namespace

struct mc_server::impl {
    explicit impl(mc_options o) : opt(std::move(o)) {
        mc_app::make_shards(shards, opt, std::max<std::size_t>(opt.threads, 1), wire);
        stop.emplace(first().io, opt.handle_signals);
    }

    net::awaitable<int> main();
    bool listen();
    void start_shards();
    net::awaitable<int> shut_down();
    // GET /metrics, on the I/O thread.
    std::string metrics_page();
    bool start_http();

    // The HTTP API's view of the MC, and the routes the server answers by (add routes here).
    mc_app::mc_api api() {
        return {.traffic = first().traffic,
                .listen = fmt::format("{}:{}", opt.host, first().server.local_port()),
                .system_id = opt.system_id,
                .started = std::chrono::steady_clock::now(),
                .mo_long = opt.mo_long,
                .set_server_ignore_unbind = [this](bool ignore) { first().server.set_ignore_unbind(ignore); }};
    }
    // Signals, the acceptor and HTTP live here; run() runs it on the caller's thread.
    mc_app::mc_shard& first() { return *shards.front(); }

    mc_options opt;
    cli::metrics::wire_counts wire;  // every connection's PDUs and octets (a wire tap)
    mc_app::mc_shard::all_shards shards;
    std::optional<net::stop_trigger> stop;  // on the first shard, once it is built
    const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    bool accept_failed = false;
    std::optional<mc_app::mc_api> http_api;
    std::optional<cli::http::server> http;
};

std::string mc_server::impl::metrics_page() {
    std::string page;
    cli::metrics::text_writer w(page);
    cli::metrics::write_process(w, "mc", std::chrono::steady_clock::now() - started);
    w.family("smpp_mc_connections", cli::metrics::text_writer::type::gauge, "connections open now, bound or not");
    w.sample("smpp_mc_connections", {}, std::uint64_t{first().server.session_count()});
    cli::metrics::write_wire(w, "mc", wire, cli::metrics::wire_counts::out);
    first().traffic.write_metrics(w, opt.metrics_max_system_ids);
    return page;
}

bool mc_server::impl::start_http() {
    if (!opt.http) return true;
    first().traffic.keep_history(opt.history_events);
    http_api.emplace(api());
    cli::http::router routes;
    mc_app::add_mc_routes(routes, *http_api);
    routes.add(cli::http::method::get, "/metrics", [this](const cli::http::request&) {
        return cli::http::response::text(metrics_page(), std::string(cli::metrics::content_type));
    });
    http.emplace(first().io.get_executor(), *opt.http, std::move(routes));
    return !http->start();
}

// Every shard's server loads TLS; only the first opens the port.
bool mc_server::impl::listen() {
    return std::all_of(shards.begin(), shards.end(), [](auto& s) { return !s->server.listen(); });
}

void mc_server::impl::start_shards() {
    for (auto& s : shards) s->traffic.start();
    for (std::size_t k = 1; k < shards.size(); ++k) shards[k]->start_thread();
}

net::awaitable<int> mc_server::impl::main() {
    if (!listen()) {
        stop->release();  // else the signal handlers keep the io_context, and the process, alive
        co_return mc_exit::cannot_listen;
    }
    if (opt.credentials.empty() && opt.allow_any_bind)
        log::event(log::level::warn, process, "no_credentials", "No credentials file: accepting every bind");
    if (!start_http()) {
        stop->release();
        co_return mc_exit::cannot_listen;
    }
    if (opt.on_listening) opt.on_listening(first().server.local_port());
    start_shards();
    stop->on_second([this] {
        for (auto& s : shards) net::asio::post(s->io, [&server = s->server] { server.close_all(); });
    });
    // Accepting ends at stop_accepting(), or with an error the server has logged: then the
    // process stops as if asked to, and says so in its exit code.
    first().server.async_run([this](boost::system::error_code ec) {
        if (!ec) return;
        accept_failed = true;
        stop->request();
    });
    co_await stop->wait();
    co_return co_await shut_down();
}

net::awaitable<int> mc_server::impl::shut_down() {
    const auto open = co_await mc_app::on_every_shard<std::size_t>(shards, [](auto& s) { return s.open_sessions(); });
    std::size_t sessions = 0;
    for (const auto n : open) sessions += n;
    log::event(log::level::info, process, "shutdown_started",
               fmt::format("Stopping: unbinding {} {}", sessions, log::plural(sessions, "session")));
    // Every shard drains, and only then does every shard unbind: all sessions at the same moment.
    co_await mc_app::on_every_shard<bool>(shards, [limit = opt.drain_timeout](auto& s) { return s.drain(limit); });
    const auto ends = co_await mc_app::on_every_shard<mc_app::end_report>(
        shards, [limit = opt.unbind_timeout](auto& s) { return s.unbind_all(limit); });
    stop->release();
    if (http) http->stop();  // its accept loop would keep the io_context running
    mc_app::end_report total;
    for (const auto& e : ends) total += e;
    total.log();
    const bool ok = !total.unbind_timed_out;
    log::event(ok ? log::level::info : log::level::warn, process, "shutdown_complete",
               ok ? "Every session unbound" : "Some sessions did not answer unbind in time");
    if (accept_failed) co_return mc_exit::internal_error;
    co_return ok ? mc_exit::ok : mc_exit::unbind_timeout;
}

mc_server::mc_server(mc_options options) : impl_(std::make_unique<impl>(std::move(options))) {}

mc_server::~mc_server() {
    for (auto& s : impl_->shards) s->stop_thread();
}

int mc_server::run() {
    const int code = net::run_main(impl_->first().io, impl_->main(), mc_exit::internal_error, "mc");
    // Every shard is done with its sessions by now (or the MC failed): their threads can go.
    for (auto& s : impl_->shards) s->stop_thread();
    return code;
}

void mc_server::stop() {
    net::asio::post(impl_->first().io, [this] { impl_->stop->request(); });
}

}  // namespace smpp
