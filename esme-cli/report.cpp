#include "report.hpp"

#include <fmt/format.h>

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

void write_report(const traffic::ledger& book, const std::string& path) {
    std::ofstream report(path);
    for (std::size_t i = 0; i < book.size(); ++i) {
        if (book.forgotten(i)) continue;
        const auto result = book.result(i);
        report << "{\"index\":" << i << ",\"outcome\":\"" << traffic::name_of(result) << '"';
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

void write_summary_json(const traffic::summary& s, const std::string& path) {
    std::ofstream out(path);
    out << s.to_json() << '\n';
    if (!out) log::event(log::level::error, process, "report_failed", fmt::format("Cannot write summary {}", path));
}

}  // namespace

traffic::summary finish_run(traffic::ledger& book, const esme_options& options) {
    if (options.open_ended) book.forget_unsent();
    book.close_all();
    const auto summary = book.summarize();
    if (options.on_summary)
        options.on_summary(summary);
    else
        std::cout << summary.to_text() << std::flush;
    if (!options.summary_json_path.empty()) write_summary_json(summary, options.summary_json_path);
    if (!options.report_path.empty()) write_report(book, options.report_path);
    return summary;
}

bool failed_checks(const traffic::summary& s, const fail_conditions& fail_on, bool unbind_timed_out) {
    return (fail_on.rejected && s.rejected != 0) || (fail_on.timeout && s.timed_out != 0) ||
           (fail_on.not_sent && s.not_sent != 0) || (fail_on.no_receipt && s.receipt.missing != 0) ||
           (fail_on.unbind_timeout && unbind_timed_out);
}

}  // namespace smpp::esme
