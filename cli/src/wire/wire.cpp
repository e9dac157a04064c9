#include "smpp/cli/wire.hpp"

#include "pcap_writer.hpp"
#include "pdu_log.hpp"
#include "smpp/cli/cli.hpp"
#include "smpp/log/log.hpp"
#include "tee.hpp"

namespace smpp::cli {
namespace po = boost::program_options;

void add_wire_options(po::options_description& d) {
    d.add_options()
        ("log-pdus", po::value<std::string>()->implicit_value("on"), "log every PDU in and out, decoded (info level); 'hex' adds the raw octets")
        ("pcap", po::value<std::string>(), "write the SMPP traffic to this capture file (pcap, opens in Wireshark)");
}

void init_wire(const po::variables_map& vm) {
    bool log_pdus = false, hex = false;
    if (vm.count("log-pdus")) {
        const auto& mode = vm["log-pdus"].as<std::string>();
        if (mode != "on" && mode != "hex") throw usage_error("--log-pdus takes no value, or hex");
        log_pdus = true;
        hex = mode == "hex";
    }
    std::shared_ptr<pcap_writer> file;
    if (vm.count("pcap")) {
        try {
            file = open_pcap(vm["pcap"].as<std::string>());
        } catch (const std::runtime_error& e) {
            throw usage_error(e.what());
        }
    }
    if (!log_pdus && !file) return;
    log::set_wire_taps([log_pdus, hex, file](const log::wire_connection& c) -> std::unique_ptr<log::wire_tap> {
        std::vector<std::unique_ptr<log::wire_tap>> taps;
        if (log_pdus) taps.push_back(make_pdu_log(hex));
        if (file)
            if (auto t = make_pcap_tap(file, c)) taps.push_back(std::move(t));
        if (taps.size() == 1) return std::move(taps.front());
        return std::make_unique<tee>(std::move(taps));
    });
}

}  // namespace smpp::cli
