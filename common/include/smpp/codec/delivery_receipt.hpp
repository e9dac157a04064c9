#pragma once
/// @file
/// Reading a delivery receipt (a deliver_sm or data_sm whose esm_class says "MC delivery
/// receipt" or "intermediate delivery notification"): the TLVs carry the facts in machine form,
/// the Appendix B text in human form; the TLVs win where both are present, since the text is
/// vendor-specific in practice. The text parser takes the variants real MCs send: sub:/dlvrd:
/// missing, err: of 3 or 4 digits, dates with or without seconds, field names in any case.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smpp/codec/pdu.hpp"

namespace smpp {

/// What a receipt says about the message it reports on.
struct delivery_receipt {
    std::string message_id;              ///< receipted_message_id TLV, else the text's `id:`
    std::optional<message_state> state;  ///< message_state TLV, else the state the `stat:` word names
    std::string stat;                    ///< the text's `stat:` word in upper case, empty if absent
    std::string err;                     ///< the text's `err:` field, empty if absent
    bool intermediate = false;           ///< esm_class 0x20: an intermediate notification, not the final word
    std::string text_id;                 ///< the text's `id:` as written (it may differ from the TLV's)
    std::optional<unsigned> submitted;   ///< `sub:`, when present and numeric
    std::optional<unsigned> delivered;   ///< `dlvrd:`, likewise
    std::string submit_date;             ///< `submit date:` YYMMDDhhmm[ss], empty if absent or malformed
    std::string done_date;               ///< `done date:` likewise
    std::string text;                    ///< `text:` to the end, empty if absent
    std::optional<network_error> network;   ///< the network_error_code TLV
    std::optional<std::uint16_t> error_code;  ///< network_error_code's code, else `err:` as a number

    /// A final receipt settles its message; an intermediate one (or ENROUTE) does not.
    bool final() const noexcept { return !intermediate && state && *state != message_state::enroute; }
};

/// esm_class bits 2..5 (§5.2.12) equal to 0001: an MC delivery receipt.
constexpr bool is_delivery_receipt(std::uint8_t esm_class) noexcept { return (esm_class & 0x3C) == 0x04; }
/// esm_class bits 2..5 equal to 1000: an intermediate delivery notification.
constexpr bool is_intermediate_notification(std::uint8_t esm_class) noexcept { return (esm_class & 0x3C) == 0x20; }
/// Either kind: a message about a message, never MO.
constexpr bool is_receipt(std::uint8_t esm_class) noexcept {
    return is_delivery_receipt(esm_class) || is_intermediate_notification(esm_class);
}

/// The receipt in `deliver`, or nullopt when it is no receipt or names no message at all.
std::optional<delivery_receipt> parse_receipt(const sm_body& deliver);
/// The same for a data_sm, whose text travels in message_payload.
std::optional<delivery_receipt> parse_receipt(const data_sm_body& data);
/// The common core: `text` is the short message or payload, `tlvs` the PDU's.
std::optional<delivery_receipt> parse_receipt(std::uint8_t esm_class, std::string_view text, const tlv_list& tlvs);

/// The value of `key:` in Appendix B text ("id:12 stat:DELIVRD err:000"): up to the next space;
/// nullopt when the key is absent. `key` includes the colon; it matches in any case.
std::optional<std::string_view> receipt_field(std::string_view text, std::string_view key) noexcept;

/// The state a `stat:` word names, in any case (DELIVRD, delivrd, DELIVERED...); nullopt if none.
std::optional<message_state> receipt_state_of(std::string_view stat) noexcept;

}  // namespace smpp
