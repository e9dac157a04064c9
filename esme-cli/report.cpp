#include "report.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "smpp/log/log.hpp"

namespace smpp::esme {
namespace {

constexpr log::context process{.role = "esme"};

void write_report(const traffic::ledger& book, const std::string& path) {
    std::ofstream report(path);
    for (std::size_t i = 0; i < book.size(); ++i) {
        const auto result = book.result(i);
        report << "{\"index\":" << i << ",\"outcome\":\"" << traffic::name_of(result) << '"';
        if (result == traffic::outcome::accepted) report << ",\"message_id\":" << log::json_quote(book.message_id(i));
        if (result == traffic::outcome::rejected)
            report << ",\"command_status\":" << static_cast<std::uint32_t>(book.status(i)) << ",\"status\":\""
                   << name_of(book.status(i)) << '"';
        report << "}\n";
    }
    if (!report) log::event(log::level::error, process, "report_failed", fmt::format("Cannot write report {}", path));
}

}  // namespace

void finish_run(traffic::ledger& book, const std::function<void(const traffic::summary&)>& on_summary,
                const std::string& report_path) {
    book.close_all();
    const auto summary = book.summarize();
    if (on_summary)
        on_summary(summary);
    else
        std::cout << summary.to_text() << std::flush;
    if (!report_path.empty()) write_report(book, report_path);
}

}  // namespace smpp::esme
