#include "smpp/codec/delivery_receipt.hpp"

#include "smpp/mc/receipt.hpp"

namespace smpp {

std::optional<std::string_view> receipt_field(std::string_view text, std::string_view key) noexcept {
    for (std::size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
        // "submit date:" must not be read as a "date:" key, nor "xid:" as "id:".
        if (at != 0 && text[at - 1] != ' ') continue;
        const auto value = text.substr(at + key.size());
        return value.substr(0, value.find(' '));
    }
    return std::nullopt;
}

std::optional<delivery_receipt> parse_receipt(const sm_body& deliver) {
    if (!is_delivery_receipt(deliver.esm_class)) return std::nullopt;
    delivery_receipt r;
    const auto text = mc::message_of(deliver);
    if (auto stat = receipt_field(text, "stat:")) r.stat = *stat;
    if (auto err = receipt_field(text, "err:")) r.err = *err;
    if (auto id = get_cstring(deliver.tlvs, tag::receipted_message_id))
        r.message_id = std::string(*id);
    else if (auto text_id = receipt_field(text, "id:"))
        r.message_id = *text_id;
    r.state = get_message_state(deliver.tlvs);
    if (!r.state && !r.stat.empty()) r.state = mc::state_of_stat(r.stat);
    if (r.message_id.empty()) return std::nullopt;
    return r;
}

}  // namespace smpp
