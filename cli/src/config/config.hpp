#pragma once
// --config and --print-config behind smpp::cli::parse (cli.cpp): the file's lines stored one at
// a time, so that every problem can name its line, which program_options cannot.
#include <iosfwd>
#include <string>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>

namespace smpp::cli::detail {

namespace po = boost::program_options;

// Stores the file's options into `vm` below what is already there: call it after the command
// line, so that flags override the file. A usage_error "FILE:LINE: ..." for an unknown key, a
// bad value, a key given twice or a section; "cannot read FILE" when it cannot be read.
void store_config_file(const std::string& path, const po::options_description& d, po::variables_map& vm);

// Every option in force as a config file would set it; secrets (passwords, tokens) as ***.
void print_config(std::ostream& out, const char* program, const po::options_description& d,
                  const po::variables_map& vm);

// What program_options lets through: words that are not options, and "-1" for an unsigned flag
// (which it would wrap to the largest value). A usage_error for either.
void reject_misread(const po::parsed_options& parsed, const po::options_description& d);

}  // namespace smpp::cli::detail
