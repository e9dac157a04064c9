#include "submit_templates.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "smpp/log/log.hpp"

namespace smpp::esme {
namespace {

constexpr std::uint8_t esm_udhi = 0x40;
constexpr log::context process{.role = "esme"};

traffic::alphabet alphabet_of(const outgoing_message& m) {
    return m.data_coding ? static_cast<traffic::alphabet>(*m.data_coding) : traffic::best_alphabet(m.text);
}

std::vector<traffic::segment> segments_of(const outgoing_message& m, traffic::long_mode long_text) {
    const auto a = alphabet_of(m);
    const auto encoded = traffic::encode_text(m.text, a);
    return encoded ? traffic::split_for_sms(*encoded, a, long_text, 0) : std::vector<traffic::segment>{};
}

}  // namespace

std::optional<std::string> unsendable(const outgoing_message& m, traffic::long_mode long_text) {
    const auto a = alphabet_of(m);
    if (!traffic::encode_text(m.text, a))
        return "the text has characters data_coding " + std::to_string(static_cast<unsigned>(a)) + " cannot encode";
    if (segments_of(m, long_text).empty()) return "the text needs more than 255 parts";
    return std::nullopt;
}

submit_templates::submit_templates(const esme_options& options, traffic::ledger& book) : long_text_(options.long_text) {
    const auto& messages = options.messages;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i == 0 || !messages[i].same_submit(messages[i - 1])) add_template(messages[i], options.long_text);
        template_of_.push_back(static_cast<std::uint32_t>(templates_.size() - 1));
        add_messages(book, 1, messages[i]);
    }
    if (options.synthetic_count != 0) {
        add_template(options.synthetic, options.long_text);
        add_messages(book, options.synthetic_count, options.synthetic);
    }
}

void submit_templates::add_template(const outgoing_message& m, traffic::long_mode long_text) {
    prepared p;
    p.body.source_addr = m.from;
    p.body.destination_addr = m.to;
    p.body.registered_delivery = m.registered_delivery;
    p.body.schedule_delivery_time = m.schedule_delivery_time;
    p.body.validity_period = m.validity_period;
    p.body.data_coding = static_cast<std::uint8_t>(alphabet_of(m));
    p.segments = segments_of(m, long_text);
    templates_.push_back(std::move(p));
}

// Text with no encoding in its alphabet, or needing more than 255 parts, never leaves: not
// sent, with the reason, and a warning that names the input line.
void submit_templates::add_messages(traffic::ledger& book, std::uint64_t count, const outgoing_message& m) {
    const auto& t = templates_.back();
    const auto first = book.add(count, static_cast<std::uint16_t>(std::max<std::size_t>(1, t.segments.size())),
                                t.body.registered_delivery);
    if (!t.segments.empty()) return;
    const auto why = unsendable(m, long_text_).value_or("it cannot be encoded");
    log::event(log::level::warn, process, "message_unsendable",
               fmt::format("{}: not sent: {}", m.origin.empty() ? "--text" : m.origin, why));
    for (std::uint64_t i = 0; i < count; ++i) book.not_sendable(first + i, why);
}

const submit_templates::prepared& submit_templates::template_of(std::uint32_t message) const {
    return message < template_of_.size() ? templates_[template_of_[message]] : templates_.back();
}

pdu_body submit_templates::body_for(traffic::part_ref p) const {
    const auto& t = template_of(p.message);
    const auto& seg = t.segments[p.part];
    sm_body body = t.body;
    if (seg.payload) {
        body.tlvs.push_back({tag::message_payload, seg.octets});
    } else {
        body.short_message = seg.octets;
        // The concatenation reference tells parts of different messages apart.
        if (seg.udhi) body.short_message[3] = static_cast<char>(p.message & 0xFF);
    }
    if (seg.udhi) body.esm_class |= esm_udhi;
    return body;
}

}  // namespace smpp::esme
