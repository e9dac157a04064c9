#pragma once
// Delivery receipts (SMPP 3.4 Appendix B) as plain data: the customary receipt text and the
// deliver_sm that carries it. No I/O and no clock of its own: the caller passes both dates.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smpp/codec/pdu.hpp"

namespace smpp::mc {

// registered_delivery bits 0..1 (§5.2.17): 1 asks for a receipt on success or failure; 0 asks
// for none, 2 only on failure, 3 is reserved. Other bits (SME acks, intermediate
// notifications) do not change that.
constexpr bool wants_receipt(std::uint8_t registered_delivery) noexcept {
    return (registered_delivery & 0x03) == 0x01;
}
// Bit 4 (0x10, §5.2.17) asks for an intermediate notification too; Kannel sends 0x11.
constexpr bool wants_intermediate(std::uint8_t registered_delivery) noexcept {
    return (registered_delivery & 0x10) != 0;
}
// Whether a delivery with this outcome owes a receipt.
constexpr bool receipt_due(std::uint8_t registered_delivery, bool delivered) noexcept {
    return wants_receipt(registered_delivery) || (!delivered && (registered_delivery & 0x03) == 0x02);
}

// The receipt's stat word for a state (DELIVRD, UNDELIV...), and back; "UNKNOWN" / nullopt
// for anything else.
std::string_view stat_of(message_state s) noexcept;
std::optional<message_state> state_of_stat(std::string_view stat) noexcept;

// GSM (network_error_code type 3): the network the simulator pretends failed deliveries on.
constexpr std::uint8_t network_type_gsm = 3;

// How many octets of the original message the receipt quotes after "text:".
constexpr std::size_t receipt_text_octets = 20;

// esm_class of a deliver_sm carrying a delivery receipt or an intermediate notification.
constexpr std::uint8_t esm_class_delivery_receipt = 0x04;
constexpr std::uint8_t esm_class_intermediate = 0x20;

// The receipt variants real MCs send, so that clients can be hardened against them. standard
// is the one above; the others differ from it in one point each:
//   seconds     dates YYMMDDhhmmss
//   no_sub      no sub: and dlvrd: fields
//   err4        err: of four digits
//   decimal_id  the text's id: in decimal (the TLV and the submit_sm_resp keep the hex id)
//   tlv_only    no text at all, the TLVs alone
//   text_only   the text alone, no TLVs
enum class receipt_format : std::uint8_t { standard, seconds, no_sub, err4, decimal_id, tlv_only, text_only };

// The flag word of a format ("no-sub", ...) and back; nullopt for an unknown word.
std::string_view name_of(receipt_format f) noexcept;
std::optional<receipt_format> receipt_format_of(std::string_view name) noexcept;

// What a receipt reports; the defaults say delivered.
struct receipt_facts {
    std::string message_id;
    std::chrono::system_clock::time_point submitted;
    std::chrono::system_clock::time_point done;
    std::string text;  // the original message; only its first 20 octets are quoted
    std::string stat = "DELIVRD";
    std::uint16_t err = 0;  // also the network_error_code TLV's code, when not delivered
    message_state state = message_state::delivered;
    receipt_format format = receipt_format::standard;
    // An intermediate notification (esm_class 0x20): the message is not final yet.
    bool intermediate = false;
};

// YYMMDDhhmm in UTC, the receipt's date format; YYMMDDhhmmss with `seconds`.
std::string receipt_date(std::chrono::system_clock::time_point t, bool seconds = false);
// YYMMDDhhmmsstnnp (§7.1.1) in UTC: "000+" after the seconds, as query_sm_resp's final_date.
std::string absolute_time(std::chrono::system_clock::time_point t);

// "id:... sub:001 dlvrd:001 submit date:... done date:... stat:DELIVRD err:000 text:...", in
// facts.format (empty for tlv_only).
std::string receipt_text(const receipt_facts& facts);

// The message a submit_sm carried: short_message, or message_payload when that is empty. A view
// into `submit`.
std::string_view message_of(const sm_body& submit);

// The deliver_sm body of the receipt for a message from `submitter` to `recipient`: addresses
// swapped (it travels back to the submitter), esm_class 0x04 (0x20 for an intermediate
// notification), the receipt text, and the receipted_message_id and message_state TLVs with
// the same facts in machine form, plus network_error_code when it failed; text and TLVs as
// facts.format says.
sm_body receipt_body(const sme_address& submitter, const sme_address& recipient, const receipt_facts& facts);
/// An empty body addressed from `recipient` back to `submitter`: receipts and echoed MO go this way.
sm_body reply_to(const sme_address& submitter, const sme_address& recipient);
sm_body receipt_body(const sm_body& submit, const receipt_facts& facts);

}  // namespace smpp::mc
