#pragma once
// What an smpp-esme run is asked to do: the messages, the sessions, the timeouts, and the exit
// codes it ends with. Plain data, free of Asio.
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>
#include <optional>
#include <string>

#include "smpp/cli/http.hpp"
#include "smpp/net/tls_options.hpp"
#include "smpp/session/rules.hpp"
#include "smpp/traffic/ledger.hpp"
#include "smpp/traffic/text.hpp"

namespace smpp {

// One message to submit. The text is UTF-8; it is encoded for data_coding (0 GSM 7-bit,
// 3 Latin-1, 8 UCS-2; unset: GSM 7-bit when it fits, else UCS-2) and split when long.
struct outgoing_message {
    std::string from;
    std::string to;
    std::string text;
    std::optional<std::uint8_t> data_coding;
    std::uint8_t registered_delivery = 0;
    std::string schedule_delivery_time;  // SMPP times (YYMMDDhhmmsstnnp), or empty
    std::string validity_period;
    // Where --input had it ("input.jsonl:3"), for warnings about it; empty for --text.
    std::string origin;
    // The same submission, wherever it came from.
    bool same_submit(const outgoing_message& o) const {
        return from == o.from && to == o.to && text == o.text && data_coding == o.data_coding &&
               registered_delivery == o.registered_delivery && schedule_delivery_time == o.schedule_delivery_time &&
               validity_period == o.validity_period;
    }
};

// --fail-on: outcomes that make a run fail (esme_exit::checks_failed) even when every session
// unbound cleanly.
struct fail_conditions {
    bool rejected = false, timeout = false, not_sent = false, no_receipt = false, unbind_timeout = false;
    bool any() const noexcept { return rejected || timeout || not_sent || no_receipt || unbind_timeout; }
};

struct esme_options {
    std::string host = "localhost";
    std::uint16_t port = 2775;
    unsigned sessions = 1;
    std::string system_id = "esme";  // "{n}" becomes the session number 1..N
    std::string password;            // "{n}" likewise
    std::string system_type;
    bind_type mode = bind_type::transceiver;
    std::optional<std::chrono::milliseconds> duration;  // none: until stopped
    std::chrono::milliseconds unbind_timeout{5000};
    std::chrono::milliseconds bind_timeout{10000};
    std::chrono::milliseconds connect_timeout{5000};
    // Sessions connecting at once (until their bind is sent); the rest wait their turn. 0: all.
    // A storm of N connects holds N coroutine frames at once, and the heap they leave stays.
    unsigned max_connecting = 256;
    std::chrono::milliseconds enquire_link_interval{30000};
    std::chrono::milliseconds response_timeout{10000};
    std::chrono::milliseconds inactivity_timeout{0};  // bound and nothing from the MC this long: gone; 0 off
    std::size_t max_pdu_size = 65536;
    // A bound session whose connection is lost connects and binds again, waiting 100 ms, 200 ms,
    // ... up to reconnect_max_delay between attempts, and gives up reconnect_timeout after the loss.
    bool reconnect = false;
    std::chrono::milliseconds reconnect_max_delay{10000};
    std::chrono::milliseconds reconnect_timeout{60000};
    bool handle_signals = true;  // SIGINT/SIGTERM: graceful stop; a second one: close at once
    // --threads: the sessions split into this many blocks, each on its own thread and
    // io_context (at most one per session); 1 runs everything on the caller's thread.
    unsigned threads = 1;
    tls_options tls;             // the handshake must finish within connect_timeout

    // Traffic. Without messages the sessions just stay bound until stopped.
    std::vector<outgoing_message> messages;  // split over the sessions round-robin
    // Synthetic traffic (--messages): `synthetic_count` copies of `synthetic`, after
    // `messages`. Copies are made as they are sent, so a run of millions holds one in memory.
    outgoing_message synthetic;
    std::uint64_t synthetic_count = 0;
    double rate = 0;                         // messages per second over all sessions; 0: as fast as windows allow
    std::size_t window = 10;                 // unanswered submit_sm per session
    traffic::long_mode long_text = traffic::long_mode::udh;
    std::chrono::milliseconds drain_timeout{5000};  // on stop: wait this long for responses in flight
    std::string report_path;                        // JSON lines, one outcome per message
    std::function<void(const traffic::summary&)> on_summary;  // printed to stdout when unset
    // Synthetic traffic sized from rate x duration (no --messages): what was not sent by the
    // end of the duration was never asked for, and leaves the book.
    bool open_ended = false;

    // After the last submit response (or the end of --duration), stay bound this long at most
    // for the receipts still owed; 0: unbind at once.
    std::chrono::milliseconds wait_receipts{0};
    std::string summary_json_path;  // the summary as one JSON object, besides the text on stdout
    fail_conditions fail_on;
    std::chrono::milliseconds progress{0};  // a progress line on stderr this often; 0 off
    // --received: every deliver_sm/data_sm from the MC as a JSON line; parts of a long message
    // wait for the rest at most reassembly_timeout.
    std::string received_path;
    std::chrono::milliseconds reassembly_timeout{60000};
    // GET /metrics labels this many sessions by number at most; the later ones are "other".
    unsigned metrics_max_sessions = 100;
    // --http: GET /metrics, GET /status, POST /stop on the run's own io_context; none: off.
    std::optional<cli::http::options> http;
};

// Exit codes of smpp-esme (documented in the README; scripts rely on them).
namespace esme_exit {
constexpr int ok = 0;
constexpr int internal_error = 1;
constexpr int usage = 2;
constexpr int connect_or_bind_failed = 3;
constexpr int unbind_timeout = 4;
constexpr int connection_lost = 5;
constexpr int checks_failed = 6;  // an outcome listed in --fail-on happened
}  // namespace esme_exit

// --rate and --duration without messages: synthetic traffic at the rate until the end. Sizes
// synthetic_count a second's worth beyond the duration, so the traffic never runs dry first,
// and sets open_ended. Does nothing to any other run.
void size_open_ended_traffic(esme_options& o);

// Expands "{n}" in a --system-id or --password template.
std::string expand_session_template(const std::string& pattern, unsigned n);

}  // namespace smpp
