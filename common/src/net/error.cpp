#include "smpp/net/error.hpp"

#include <string>

namespace smpp {
namespace {

class status_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "smpp.command_status"; }
    std::string message(int value) const override {
        return std::string(name_of(static_cast<command_status>(value)));
    }
};

}  // namespace

const boost::system::error_category& command_status_category() noexcept {
    static const status_category instance;
    return instance;
}

}  // namespace smpp

namespace smpp::net {
namespace {

class net_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "smpp.net"; }
    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
            case error::timeout: return "No response in time";
            case error::connection_lost: return "Connection lost";
            case error::not_bound: return "Session not bound";
            case error::already_connected: return "Already connecting or connected";
            case error::shutting_down: return "Session is shutting down";
            case error::connect_failed: return "Connect failed";
            case error::tls_setup_failed: return "TLS setup failed";
            case error::encode_failed: return "Field out of range; nothing sent";
            case error::session_failed: return "A session failed with an exception";
            case error::stop_timeout: return "Sessions still bound at the deadline; closed";
        }
        return "Unknown smpp.net error";
    }
};

}  // namespace

const boost::system::error_category& error_category() noexcept {
    static const net_category instance;
    return instance;
}

}  // namespace smpp::net
