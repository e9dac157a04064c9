#include "smpp/cli/cli.hpp"

#include <cmath>
#include <iostream>

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/value_semantic.hpp>

#include "config/config.hpp"
#include "smpp/log/log.hpp"

namespace smpp::cli {

void add_logging_options(po::options_description& d) {
    d.add_options()
        ("log-format", po::value<std::string>()->default_value("text"), "text | json (one JSON object per line)")
        ("log-level", po::value<std::string>()->default_value("info"), "trace | debug | info | warn | error");
}

void init_logging(const po::variables_map& vm) {
    const auto format = log::parse_format(vm["log-format"].as<std::string>());
    if (!format) throw usage_error("--log-format must be text or json");
    const auto level = log::parse_level(vm["log-level"].as<std::string>());
    if (!level) throw usage_error("--log-level must be one of trace, debug, info, warn, error");
    log::init(*format, *level);
}

std::chrono::milliseconds seconds_flag(const po::variables_map& vm, const char* name) {
    const double seconds = vm[name].as<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 86400.0 * 365)
        throw usage_error(std::string("--") + name + " must be a number of seconds, 0 or more");
    return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

void add_max_pdu_size_option(po::options_description& d) {
    d.add_options()("max-pdu-size", po::value<std::uint32_t>()->default_value(65536),
                    "largest PDU accepted from the peer, in octets (256-16777216); a longer one is answered with "
                    "generic_nack ESME_RINVCMDLEN and the session closed");
}

std::size_t max_pdu_size_flag(const po::variables_map& vm) {
    const auto size = vm["max-pdu-size"].as<std::uint32_t>();
    // Below 256 a legitimate bind_resp or submit_sm may not fit; the upper bound caps what one
    // peer can make us buffer.
    if (size < 256 || size > 16 * 1024 * 1024) throw usage_error("--max-pdu-size must be from 256 to 16777216");
    return size;
}

void add_help_options(po::options_description& d) {
    d.add_options()
        ("help,h", "show this help")
        ("version", "show the version (and the git commit it was built from) and exit");
}

void add_config_options(po::options_description& d) {
    d.add_options()
        ("config", po::value<std::string>(), "read options from this file (key = value lines, # comments, the long flag names without --); flags given on the command line win")
        ("print-config", "print the options in force (passwords and tokens as ***) in --config's syntax and exit");
}

namespace {

template <class... T>
bool is_unsigned_flag(const po::value_semantic* semantic) {
    return (... || (dynamic_cast<const po::typed_value<T>*>(semantic) != nullptr));
}

}  // namespace

// It drops words that are not options, and reads "-1" into an unsigned flag as its largest
// value (so --port -1 became 65535).
void detail::reject_misread(const po::parsed_options& parsed, const po::options_description& d) {
    for (const auto& option : parsed.options) {
        if (option.position_key != -1)
            throw usage_error("unexpected argument '" + option.value.front() + "': options start with --");
        const auto* described = d.find_nothrow(option.string_key, false);
        if (!described ||
            !is_unsigned_flag<unsigned short, unsigned, unsigned long, unsigned long long>(described->semantic().get()))
            continue;
        for (const auto& value : option.value)
            if (value.starts_with('-'))
                throw usage_error("--" + option.string_key + " must not be negative (got " + value + ")");
    }
}

bool parse(int argc, char** argv, const po::options_description& d, po::variables_map& vm, const char* program,
           const char* synopsis) {
    const auto parsed = po::command_line_parser(argc, argv).options(d).run();
    po::store(parsed, vm);
    if (vm.count("help")) {
        std::cout << synopsis << "\n\n" << d << "\n";
        return true;
    }
    if (vm.count("version")) {
        std::cout << version_text(program) << "\n";
        return true;
    }
    detail::reject_misread(parsed, d);
    // After the command line, so that its flags win over the file's.
    if (vm.count("config")) detail::store_config_file(vm["config"].as<std::string>(), d, vm);
    po::notify(vm);
    if (vm.count("print-config")) {
        detail::print_config(std::cout, program, d, vm);
        return true;
    }
    return false;
}

int guarded_main(const char* program, int usage_exit, int internal_exit, const std::function<int()>& body) {
    try {
        return body();
    } catch (const po::error& e) {
        std::cerr << program << ": " << e.what() << " (see --help)\n";
        return usage_exit;
    } catch (const usage_error& e) {
        std::cerr << program << ": " << e.what() << " (see --help)\n";
        return usage_exit;
    } catch (const std::exception& e) {
        std::cerr << program << ": internal error: " << e.what() << "\n";
        return internal_exit;
    }
}

}  // namespace smpp::cli
