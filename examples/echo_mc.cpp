// echo_mc: the smallest MC on smpp::net::server. Every submit_sm gets a message_id and comes
// back to its sender as a mobile-originated deliver_sm, from its destination to its source.
//
//   echo_mc [HOST] [PORT] [SESSIONS]   (defaults 127.0.0.1, 2775; port 0 picks a free one)
//
// Prints the port once listening; with SESSIONS, stops after that many sessions have ended and
// prints what it saw.
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <string>

#include "smpp/net/server.hpp"

namespace {

class echo final : public smpp::net::server_handler {
public:
    explicit echo(unsigned sessions) : sessions_left_(sessions) {}
    smpp::net::server* server = nullptr;
    unsigned submits = 0, deliver_resps = 0;

    void on_event(smpp::net::server_session& s, const smpp::event& e) override {
        using smpp::event_kind;
        if (e.kind == event_kind::response_received && e.request_id == smpp::command_id::deliver_sm) ++deliver_resps;
        if (e.kind != event_kind::request_received || e.message.id != smpp::command_id::submit_sm) return;
        ++submits;
        const auto& sm = std::get<smpp::sm_body>(e.message.body);
        s.respond(e.message, smpp::command_status::ok, smpp::sm_resp_body{std::to_string(submits)});
        smpp::sm_body mo{.source_addr_ton = sm.dest_addr_ton, .source_addr_npi = sm.dest_addr_npi,
                         .source_addr = sm.destination_addr, .dest_addr_ton = sm.source_addr_ton,
                         .dest_addr_npi = sm.source_addr_npi, .destination_addr = sm.source_addr,
                         .data_coding = sm.data_coding, .short_message = sm.short_message};  // the other way round
        s.send_request(smpp::command_id::deliver_sm, std::move(mo));
    }
    void on_closed(smpp::net::server_session&, smpp::close_reason) override {
        if (sessions_left_ != 0 && --sessions_left_ == 0) server->stop_accepting();
    }

private:
    unsigned sessions_left_;
};

}  // namespace

int main(int argc, char** argv) {
    smpp::net::server_options options;
    if (argc > 1) options.host = argv[1];
    if (argc > 2) options.port = static_cast<std::uint16_t>(std::stoul(argv[2]));
    echo app(argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 0);

    boost::asio::io_context io;
    smpp::net::server server(io.get_executor(), options, smpp::net::accept_any_bind(), app);
    app.server = &server;
    if (const auto ec = server.listen()) {
        std::fprintf(stderr, "echo_mc: cannot listen: %s\n", ec.message().c_str());
        return 1;
    }
    std::printf("echo_mc listening on port %u\n", static_cast<unsigned>(server.local_port()));
    std::fflush(stdout);
    int code = 0;
    server.async_run([&](boost::system::error_code ec) {
        if (ec) code = 1;  // accepting failed: stop and say so
        server.async_shutdown(std::chrono::seconds(5), [](boost::system::error_code) {});
    });
    io.run();
    std::printf("submits %u deliver_sm_resp %u\n", app.submits, app.deliver_resps);
    return code;
}
