#pragma once
#include <memory>
#include <vector>

#include "smpp/log/wire_tap.hpp"

namespace smpp::cli {

// Several taps on one connection, each fed every byte in turn.
class tee final : public log::wire_tap {
public:
    explicit tee(std::vector<std::unique_ptr<log::wire_tap>> taps) : taps_(std::move(taps)) {}
    void bytes(log::direction d, std::span<const std::uint8_t> data, const log::context& who) override {
        for (auto& t : taps_) t->bytes(d, data, who);
    }

private:
    std::vector<std::unique_ptr<log::wire_tap>> taps_;
};

}  // namespace smpp::cli
