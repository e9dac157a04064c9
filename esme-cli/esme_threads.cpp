#include "esme_threads.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include <fmt/format.h>

#include "run_main.hpp"
#include "shard_split.hpp"
#include "smpp/log/log.hpp"

namespace smpp::esme {
namespace {

constexpr log::context process{.role = "esme"};

// One GET's snapshots on their way from the shards; shared with them, since a shard that
// answers after the deadline still writes its answer here.
struct gathering {
    std::mutex m;
    std::condition_variable answered;
    std::vector<std::unique_ptr<shard_snapshot>> got;  // by shard
    std::size_t missing = 0;
};

}  // namespace

struct threaded_run::merged {
    explicit merged(unsigned sessions) : metrics(sessions, 1) {}
    esme_metrics metrics;  // every session of the run, by its number
    cli::metrics::wire_counts wire;
    std::vector<session_view> sessions;
    traffic::live_counts totals;
    bool stopping = false;
};

threaded_run::threaded_run(const esme_options& options, unsigned threads)
    : opt_(options), stop_(io_, options.handle_signals), finished_(io_) {
    unsigned first = 1;
    for (unsigned k = 0; k < threads; ++k) {
        auto o = shard_options(opt_, k, threads);
        const unsigned sessions = o.sessions;
        shard_link link{
            .index = k,
            .first_session = first,
            .traffic_done = [this] { net::asio::post(io_, [this] { if (--traffic_owed_ == 0) begin_end(); }); },
            .receipts_done = [this] { net::asio::post(io_, [this] { receipts_done(); }); },
            .pass_on = [this, next = (k + 1) % threads](const delivery_receipt& r, clock::time_point at, unsigned origin) {
                auto& to = *shards_[next];
                net::asio::post(to.io, [&to, r, at, origin] { to.try_receipt(r, at, origin); });
            },
            .watched = opt_.http.has_value()};
        shards_.push_back(std::make_unique<shard>(std::move(o), std::move(link)));
        keep_.emplace_back(shards_.back()->io.get_executor());
        if (shards_.back()->book.size() != 0) ++traffic_owed_;
        first += sessions;
    }
    waiting_ = running_ = threads;
}

threaded_run::~threaded_run() {
    for (auto& g : keep_) g.reset();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

int threaded_run::run() { return net::run_main(io_, main(), esme_exit::internal_error, "esme"); }

void threaded_run::stop() {
    net::asio::post(io_, [this] { stop_.request(); });
}

net::awaitable<int> threaded_run::main() {
    if (opt_.http && !start_http()) {
        stop_.release();
        co_return esme_exit::internal_error;
    }
    for (unsigned k = 0; k < shards_.size(); ++k) threads_.emplace_back([this, k] { run_shard(k); });
    net::asio::steady_timer duration(io_);
    if (opt_.duration) {
        duration.expires_after(*opt_.duration);
        // Over during the receipt wait: the duration is the hard limit, so unbind now.
        duration.async_wait([this](boost::system::error_code e) {
            if (e || stop_.requested()) return;
            ending_ ? stop_.request() : begin_end();
        });
    }
    stop_.on_second([this] {
        log::event(log::level::warn, process, "forced_close", "Second stop request: closing every session now");
        each_shard([](shard& s) { s.force_close(); });
    });

    using namespace net::asio::experimental::awaitable_operators;
    co_await (stop_.wait() || until_finished());
    // Every shard unbinds its sessions at once, so the stop costs one round trip on each.
    if (stop_.requested()) each_shard([](shard& s) { s.request_stop(); });
    co_await until_finished();
    duration.cancel();
    stop_.release();
    if (http_) http_->stop();
    for (auto& t : threads_) t.join();
    if (failed_ != esme_exit::ok) co_return failed_;
    std::vector<traffic::ledger*> books;
    tally outcome;
    for (auto& s : shards_) {
        books.push_back(&s->book);
        outcome += s->outcome;
    }
    co_return finish(books, outcome, opt_);
}

net::awaitable<void> threaded_run::until_finished() {
    while (running_ != 0) {
        finished_.expires_at(clock::time_point::max());
        co_await finished_.async_wait(net::use_tuple);
    }
}

void threaded_run::run_shard(unsigned k) {
    auto& s = *shards_[k];
    net::asio::co_spawn(s.io, s.main(), [this](std::exception_ptr error, int code) {
        if (error) {
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& ex) {
                log::event(log::level::error, process, "internal_error", ex.what());
            }
            code = esme_exit::internal_error;
        }
        net::asio::post(io_, [this, code] { shard_finished(code); });
    });
    s.io.run();
}

void threaded_run::shard_finished(int code) {
    if (failed_ == esme_exit::ok) failed_ = code;
    if (--running_ != 0) return;
    // No GET may wait for a shard whose io_context is about to run out of work.
    if (http_) http_->stop();
    // Nothing is passed on any more: let each io_context run out of work and its thread end.
    for (unsigned k = 0; k < shards_.size(); ++k) net::asio::post(shards_[k]->io, [this, k] { keep_[k].reset(); });
    finished_.cancel();
}

void threaded_run::begin_end() {
    if (ending_ || stop_.requested()) return;
    ending_ = true;
    each_shard([](shard& s) { s.end_traffic(); });
}

void threaded_run::receipts_done() {
    if (--waiting_ == 0 && !stop_.requested()) stop_.request();
}

// False when it cannot listen (the server has logged why).
bool threaded_run::start_http() {
    auto r = esme::routes([this] { return view(); }, [this] { stop_.request(); }, opt_.metrics_max_sessions);
    http_ = std::make_unique<cli::http::server>(io_.get_executor(), *opt_.http, std::move(r));
    return !http_->start();
}

std::vector<std::unique_ptr<shard_snapshot>> gather_snapshots(std::span<const std::unique_ptr<shard>> shards,
                                                              std::chrono::milliseconds deadline) {
    auto g = std::make_shared<gathering>();
    g->got.resize(shards.size());
    g->missing = shards.size();
    for (std::size_t k = 0; k < shards.size(); ++k)
        net::asio::post(shards[k]->io, [g, k, s = shards[k].get()] {
            auto snap = s->snapshot();
            std::lock_guard l(g->m);
            g->got[k] = std::move(snap);
            if (--g->missing == 0) g->answered.notify_all();
        });
    std::vector<std::unique_ptr<shard_snapshot>> got;
    {
        std::unique_lock l(g->m);
        g->answered.wait_for(l, deadline, [&] { return g->missing == 0; });
        got = std::move(g->got);  // a late answer finds a fresh slot, dropped with `g`
        g->got.clear();
        g->got.resize(shards.size());
    }
    for (std::size_t k = 0; k < got.size(); ++k) {
        if (got[k]) continue;
        const auto& s = *shards[k];
        const unsigned first = s.link ? s.link->first_session : 1;
        throw cli::http::http_error(503, fmt::format("thread {} (sessions {}..{}) did not answer within {} ms", k, first,
                                                     first + s.opt.sessions - 1, deadline.count()));
    }
    return got;
}

esme::run_view threaded_run::view() {
    auto got = gather_snapshots(shards_, snapshot_deadline);
    auto m = std::make_unique<merged>(opt_.sessions);
    m->stopping = stop_.requested();
    for (std::size_t k = 0; k < got.size(); ++k) {
        auto& s = *got[k];
        m->metrics.adopt(std::move(s.metrics), shards_[k]->link->first_session);
        m->wire += s.wire;
        m->sessions.insert(m->sessions.end(), s.sessions.begin(), s.sessions.end());
        m->totals.parts_sent += s.totals.parts_sent;
        m->totals.accepted += s.totals.accepted;
        m->totals.rejected += s.totals.rejected;
        m->totals.receipts += s.totals.receipts;
        m->totals.mo += s.totals.mo;
        m->stopping = m->stopping || s.stopping;
    }
    seen_ = std::move(m);
    return {.up = clock::now() - started_, .stopping = seen_->stopping, .sessions = seen_->sessions,
            .metrics = seen_->metrics, .wire = seen_->wire, .totals = seen_->totals};
}

}  // namespace smpp::esme
