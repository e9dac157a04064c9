// smpp-mc as a process around the simulator: one io_context, the signals, the order of the
// graceful shutdown (stop accepting, drain, unbind everyone) and the exit code.
#include "mc_app.hpp"

#include <fmt/format.h>

#include "asio.hpp"
#include "http_api.hpp"
#include "mc_traffic.hpp"
#include "run_main.hpp"
#include "smpp/cli/wire_metrics.hpp"
#include "smpp/log/log.hpp"
#include "smpp/net/server.hpp"
#include "stop_trigger.hpp"

namespace smpp {
namespace {

constexpr log::context process{.role = "mc"};

net::server_options server_settings(const mc_options& o, cli::metrics::wire_counts& wire) {
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
            .logger = o.http ? cli::metrics::counting(log::process_logger(), wire) : log::process_logger()};
}

net::authenticator authenticator_for(const mc_options& o) {
    if (o.credentials.empty() && o.allow_any_bind) return net::accept_any_bind();
    return net::credentials_authenticator(o.credentials);
}

}  // namespace

struct mc_server::impl {
    explicit impl(mc_options o)
        : opt(std::move(o)),
          stop(io, opt.handle_signals),
          traffic(io.get_executor(), opt),
          server(io.get_executor(), server_settings(opt, wire), authenticator_for(opt), traffic) {}

    net::awaitable<int> main();
    net::awaitable<int> shut_down();
    // GET /metrics, on the I/O thread.
    std::string metrics_page();
    bool start_http();

    // The HTTP API's view of the MC, and the routes the server answers by (add routes here).
    mc_app::mc_api api() {
        return {.traffic = traffic,
                .listen = fmt::format("{}:{}", opt.host, server.local_port()),
                .system_id = opt.system_id,
                .started = std::chrono::steady_clock::now(),
                .mo_long = opt.mo_long,
                .set_server_ignore_unbind = [this](bool ignore) { server.set_ignore_unbind(ignore); }};
    }

    mc_options opt;
    net::asio::io_context io{1};
    net::stop_trigger stop;
    const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    cli::metrics::wire_counts wire;  // every connection's PDUs and octets (a wire tap)
    mc_app::mc_traffic traffic;
    net::server server;
    bool accept_failed = false;
    std::optional<mc_app::mc_api> http_api;
    std::optional<cli::http::server> http;
};

std::string mc_server::impl::metrics_page() {
    std::string page;
    cli::metrics::text_writer w(page);
    cli::metrics::write_process(w, "mc", std::chrono::steady_clock::now() - started);
    w.family("smpp_mc_connections", cli::metrics::text_writer::type::gauge, "connections open now, bound or not");
    w.sample("smpp_mc_connections", {}, std::uint64_t{server.session_count()});
    cli::metrics::write_wire(w, "mc", wire, cli::metrics::wire_counts::out);
    traffic.write_metrics(w, opt.metrics_max_system_ids);
    return page;
}

bool mc_server::impl::start_http() {
    if (!opt.http) return true;
    traffic.keep_history(opt.history_events);
    http_api.emplace(api());
    cli::http::router routes;
    mc_app::add_mc_routes(routes, *http_api);
    routes.add(cli::http::method::get, "/metrics", [this](const cli::http::request&) {
        return cli::http::response::text(metrics_page(), std::string(cli::metrics::content_type));
    });
    http.emplace(io.get_executor(), *opt.http, std::move(routes));
    return !http->start();
}

net::awaitable<int> mc_server::impl::main() {
    if (server.listen()) {
        stop.release();  // else the signal handlers keep the io_context, and the process, alive
        co_return mc_exit::cannot_listen;
    }
    if (opt.credentials.empty() && opt.allow_any_bind)
        log::event(log::level::warn, process, "no_credentials", "No credentials file: accepting every bind");
    if (!start_http()) {
        stop.release();
        co_return mc_exit::cannot_listen;
    }
    if (opt.on_listening) opt.on_listening(server.local_port());
    traffic.start();
    stop.on_second([this] { server.close_all(); });
    // Accepting ends at stop_accepting(), or with an error the server has logged: then the
    // process stops as if asked to, and says so in its exit code.
    server.async_run([this](boost::system::error_code ec) {
        if (!ec) return;
        accept_failed = true;
        stop.request();
    });
    co_await stop.wait();
    co_return co_await shut_down();
}

net::awaitable<int> mc_server::impl::shut_down() {
    const auto sessions = server.session_count();
    log::event(log::level::info, process, "shutdown_started",
               fmt::format("Stopping: unbinding {} {}", sessions, log::plural(sessions, "session")));
    server.stop_accepting();
    traffic.begin_stop();
    // Owed submit_sm_resps go out and in-flight receipts and MO get their answers before the unbind.
    co_await traffic.drain(opt.drain_timeout);
    traffic.stop_delivering();
    const auto [unbound] = co_await server.async_shutdown(opt.unbind_timeout, net::use_tuple);
    stop.release();
    if (http) http->stop();  // its accept loop would keep the io_context running
    traffic.report_receipts();
    traffic.report_mo();
    const bool ok = !unbound && !traffic.unbind_timed_out();
    log::event(ok ? log::level::info : log::level::warn, process, "shutdown_complete",
               ok ? "Every session unbound" : "Some sessions did not answer unbind in time");
    if (accept_failed) co_return mc_exit::internal_error;
    co_return ok ? mc_exit::ok : mc_exit::unbind_timeout;
}

mc_server::mc_server(mc_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
mc_server::~mc_server() = default;

int mc_server::run() { return net::run_main(impl_->io, impl_->main(), mc_exit::internal_error, "mc"); }

void mc_server::stop() {
    net::asio::post(impl_->io, [this] { impl_->stop.request(); });
}

}  // namespace smpp
