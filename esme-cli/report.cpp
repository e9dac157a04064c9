#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "smpp/log/log.hpp"
#include "smpp/mc/receipt.hpp"

namespace smpp::esme {
namespace {

constexpr log::context process{.role = "esme"};

// Added after the original fields, which scripts read by name: only for messages that asked.
void write_receipt(std::ostream& out, const traffic::ledger& book, std::size_t i) {
    if (!book.wants_receipt(i) || book.result(i) != traffic::outcome::accepted) return;
    const auto r = book.receipt_of(i);
    if (!r) {
        out << ",\"receipt\":\"none\"";
        return;
    }
    out << ",\"receipt_state\":\"" << mc::stat_of(r->state) << '"';
    if (r->error) out << ",\"receipt_error\":" << *r->error;
    out << ",\"receipt_ms\":" << r->latency.count();
}

void write_report(std::span<traffic::ledger* const> books, const std::string& path) {
    std::ofstream report(path);
    std::size_t total = 0;
    for (const auto* b : books) total += b->size();
    for (std::size_t index = 0; index < total; ++index) {
        const auto& book = *books[index % books.size()];
        const std::size_t i = index / books.size();
        if (book.forgotten(i)) continue;
        const auto result = book.result(i);
        report << "{\"index\":" << index << ",\"outcome\":\"" << traffic::name_of(result) << '"';
        if (result == traffic::outcome::accepted) report << ",\"message_id\":" << log::json_quote(book.message_id(i));
        if (result == traffic::outcome::rejected)
            report << ",\"command_status\":" << static_cast<std::uint32_t>(book.status(i)) << ",\"status\":\""
                   << name_of(book.status(i)) << '"';
        if (const auto why = book.reason(i); !why.empty()) report << ",\"reason\":" << log::json_quote(why);
        write_receipt(report, book, i);
        report << "}\n";
    }
    if (!report) log::event(log::level::error, process, "report_failed", fmt::format("Cannot write report {}", path));
}

// Receipts that reached a thread before their message's submit_sm_resp reached its own: the
// other ledgers try them once more before they count as strangers'.
void settle_strays(std::span<traffic::ledger* const> books) {
    if (books.size() < 2) return;
    for (auto* book : books)
        for (const auto& [r, at] : book->take_kept()) {
            const bool matched = std::any_of(books.begin(), books.end(), [&](traffic::ledger* other) {
                return other != book && other->receipt_if_ours(r, at);
            });
            if (!matched) book->keep_unmatched(r, at);
        }
}

void write_summary_json(const traffic::summary& s, const std::string& path) {
    std::ofstream out(path);
    out << s.to_json() << '\n';
    if (!out) log::event(log::level::error, process, "report_failed", fmt::format("Cannot write summary {}", path));
}

}  // namespace

traffic::summary finish_run(std::span<traffic::ledger* const> books, const esme_options& options) {
    for (auto* book : books) {
        if (options.open_ended) book->forget_unsent();
        book->close_all();
    }
    settle_strays(books);
    const auto summary = traffic::ledger::summarize(std::span<const traffic::ledger* const>(books.data(), books.size()));
    if (options.on_summary)
        options.on_summary(summary);
    else
        std::cout << summary.to_text() << std::flush;
    if (!options.summary_json_path.empty()) write_summary_json(summary, options.summary_json_path);
    if (!options.report_path.empty()) write_report(books, options.report_path);
    return summary;
}

bool failed_checks(const traffic::summary& s, const fail_conditions& fail_on, bool unbind_timed_out) {
    return (fail_on.rejected && s.rejected != 0) || (fail_on.timeout && s.timed_out != 0) ||
           (fail_on.not_sent && s.not_sent != 0) || (fail_on.no_receipt && s.receipt.missing != 0) ||
           (fail_on.unbind_timeout && unbind_timed_out);
}

}  // namespace smpp::esme
