#pragma once
/// @file
/// Reading a delivery receipt (a deliver_sm or data_sm whose esm_class says "MC delivery
/// receipt"): the TLVs carry the facts in machine form, the Appendix B text in human form; the
/// TLVs win where both are present, since the text is vendor-specific in practice.
#include <optional>
#include <string>
#include <string_view>

#include "smpp/codec/pdu.hpp"

namespace smpp {

/// What a receipt says about the message it reports on.
struct delivery_receipt {
    std::string message_id;              ///< receipted_message_id TLV, else the text's `id:`
    std::optional<message_state> state;  ///< message_state TLV, else the state the `stat:` word names
    std::string stat;                    ///< the text's `stat:` word (DELIVRD, UNDELIV...), empty if absent
    std::string err;                     ///< the text's `err:` field, empty if absent
};

/// esm_class bits 2..5 (§5.2.12) equal to 0001: an MC delivery receipt.
constexpr bool is_delivery_receipt(std::uint8_t esm_class) noexcept { return (esm_class & 0x3C) == 0x04; }

/// The receipt in `deliver`, or nullopt when it is no receipt or names no message at all.
std::optional<delivery_receipt> parse_receipt(const sm_body& deliver);

/// The value of `key:` in Appendix B text ("id:12 stat:DELIVRD err:000"): up to the next space;
/// nullopt when the key is absent. `key` includes the colon.
std::optional<std::string_view> receipt_field(std::string_view text, std::string_view key) noexcept;

}  // namespace smpp
