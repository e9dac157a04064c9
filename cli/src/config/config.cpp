#include "config.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include <boost/any.hpp>

#include "smpp/cli/cli.hpp"

namespace smpp::cli::detail {
namespace {

std::string_view trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// Flags that steer the parsing itself: a file that sets them would read itself, or answer
// --help, so they belong on the command line only.
bool command_line_only(const std::string& key) {
    return key == "config" || key == "print-config" || key == "help" || key == "version";
}

// One `key = value` line. `first_line` remembers where each key was set, to refuse a second
// setting (program_options, fed line by line, would keep the first without a word).
void store_line(const std::string& line, std::size_t number, const po::options_description& d, po::variables_map& vm,
                std::map<std::string, std::size_t>& first_line) {
    const auto text = trimmed(std::string_view(line).substr(0, line.find('#')));
    if (text.empty()) return;
    // Fed one line at a time, program_options would forget a section at once; none is used.
    if (text.front() == '[') throw usage_error("sections are not used: write key = value lines");
    std::istringstream one(line);
    const auto parsed = po::parse_config_file(one, d, false);
    for (const auto& option : parsed.options) {
        if (command_line_only(option.string_key))
            throw usage_error(option.string_key + " belongs on the command line, not in a config file");
        const auto [at, fresh] = first_line.emplace(option.string_key, number);
        if (!fresh)
            throw usage_error(option.string_key + " is set twice (first on line " + std::to_string(at->second) + ")");
    }
    reject_misread(parsed, d);
    // A value the command line overrides is still checked: the file must be right on its own.
    po::variables_map alone;
    po::store(parsed, alone);
    po::store(parsed, vm);
}

template <class T>
bool print_number(std::ostream& out, const boost::any& value) {
    const auto* v = boost::any_cast<T>(&value);
    if (!v) return false;
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, *v).ptr;  // shortest form that reads back
    out.write(text, end - text);
    return true;
}

void print_value(std::ostream& out, const std::string& key, const boost::any& value) {
    if (const auto* s = boost::any_cast<std::string>(&value)) {
        out << *s;
    } else if (const auto* b = boost::any_cast<bool>(&value)) {
        out << (*b ? "true" : "false");
    } else if (!print_number<double>(out, value) && !print_number<unsigned short>(out, value) &&
               !print_number<unsigned>(out, value) && !print_number<unsigned long>(out, value) &&
               !print_number<unsigned long long>(out, value) && !print_number<int>(out, value)) {
        throw std::logic_error("--print-config cannot show the type of --" + key);
    }
}

bool secret(const std::string& key) { return key.ends_with("password") || key.ends_with("token"); }

}  // namespace

void store_config_file(const std::string& path, const po::options_description& d, po::variables_map& vm) {
    std::ifstream in(path);
    std::string line;
    std::map<std::string, std::size_t> first_line;
    std::size_t number = 0;
    // A directory opens but cannot be read: the first getline fails with badbit.
    while (in && std::getline(in, line)) {
        ++number;
        try {
            store_line(line, number, d, vm, first_line);
        } catch (const po::error& e) {
            throw usage_error(path + ":" + std::to_string(number) + ": " + e.what());
        } catch (const usage_error& e) {
            throw usage_error(path + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    if (!in.eof()) throw usage_error("--config: cannot read " + path + ": " + std::strerror(errno ? errno : EIO));
}

void print_config(std::ostream& out, const char* program, const po::options_description& d,
                  const po::variables_map& vm) {
    out << "# " << program << " options in force; " << program << " --config FILE reads this back\n";
    for (const auto& option : d.options()) {
        const auto& key = option->long_name();
        if (command_line_only(key) || !vm.count(key)) continue;
        out << key << " = ";
        if (secret(key))
            out << "***";
        else
            print_value(out, key, vm[key].value());
        out << "\n";
    }
}

}  // namespace smpp::cli::detail
