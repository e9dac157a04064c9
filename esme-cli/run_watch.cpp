#include "run_watch.hpp"

#include <fmt/format.h>

#include "smpp/log/log.hpp"

namespace smpp::esme {
namespace {

constexpr log::context process{.role = "esme"};

std::string_view name_of(timing::receipt_wait::verdict v) {
    switch (v) {
        case timing::receipt_wait::verdict::waiting: return "waiting";
        case timing::receipt_wait::verdict::complete: return "complete";
        case timing::receipt_wait::verdict::timed_out: return "timeout";
        case timing::receipt_wait::verdict::interrupted: return "interrupted";
    }
    return "?";
}

}  // namespace

receipt_waiter::receipt_waiter(net::asio::any_io_executor ex, const traffic::ledger& book,
                               const traffic_driver& traffic, std::function<void()> done)
    : timer_(ex), book_(book), traffic_(traffic), done_(std::move(done)) {}

timing::receipt_load receipt_waiter::load() const {
    return {.receipts_owed = book_.receipts_owed(), .submits_in_flight = traffic_.in_flight()};
}

void receipt_waiter::start(clock::duration limit) {
    if (policy_.start(load(), clock::now(), limit) != timing::receipt_wait::verdict::waiting) {
        if (done_) done_();  // nothing owed: no wait to speak of
        return;
    }
    const auto owed = book_.receipts_owed();
    log::event(log::level::info, process, "receipt_wait_started",
               fmt::format("Waiting up to {} ms for {} {}",
                           std::chrono::duration_cast<std::chrono::milliseconds>(limit).count(), owed,
                           log::plural(owed, "receipt")));
    arm();
}

void receipt_waiter::arm() {
    timer_.expires_at(policy_.deadline());
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec == net::asio::error::operation_aborted || !policy_.active()) return;
        check();
    });
}

void receipt_waiter::check() {
    if (!policy_.active()) return;
    const auto v = policy_.update(load(), clock::now());
    if (v != timing::receipt_wait::verdict::waiting) end(v);
}

void receipt_waiter::interrupt() {
    if (!policy_.active()) return;
    end(policy_.interrupt());
}

void receipt_waiter::end(timing::receipt_wait::verdict v) {
    timer_.cancel();
    log::event(v == timing::receipt_wait::verdict::timed_out ? log::level::warn : log::level::info, process,
               "receipt_wait_done",
               fmt::format("Receipt wait over ({}): {} {} still owed", name_of(v), book_.receipts_owed(),
                           log::plural(book_.receipts_owed(), "receipt")),
               {.reason = name_of(v)});
    if (v != timing::receipt_wait::verdict::interrupted && done_) done_();
}

progress_meter::progress_meter(net::asio::any_io_executor ex, const traffic::ledger& book, const traffic_driver& traffic)
    : timer_(ex), book_(book), traffic_(traffic) {}

void progress_meter::start(std::chrono::milliseconds every) {
    if (every <= std::chrono::milliseconds::zero()) return;
    every_ = every;
    started_ = last_at_ = clock::now();
    running_ = true;
    arm();
}

void progress_meter::stop() {
    running_ = false;
    timer_.cancel();
}

void progress_meter::arm() {
    timer_.expires_at(last_at_ + every_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || !running_) return;
        report(clock::now());
        arm();
    });
}

void progress_meter::report(clock::time_point now) {
    const auto c = book_.counts();
    const auto answered = c.accepted + c.rejected;
    const double interval = std::chrono::duration<double>(now - last_at_).count();
    const double rate = interval > 0 ? static_cast<double>(answered - last_answered_) / interval : 0.0;
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    last_at_ = now;
    last_answered_ = answered;
    const auto in_flight = traffic_.in_flight();
    const auto json = fmt::format(
        "\"elapsed_s\":{:.1f},\"sent\":{},\"accepted\":{},\"rejected\":{},\"in_flight\":{},\"rate\":{:.1f},"
        "\"receipts\":{},\"mo\":{}",
        elapsed, c.parts_sent, c.accepted, c.rejected, in_flight, rate, c.receipts, c.mo);
    log::event(log::level::info, process, "progress",
               fmt::format("elapsed {:.1f} s, sent {}, accepted {}, rejected {}, in flight {}, rate {:.0f}/s, "
                           "receipts {}, MO {}",
                           elapsed, c.parts_sent, c.accepted, c.rejected, in_flight, rate, c.receipts, c.mo),
               {.json = json});
}

}  // namespace smpp::esme
