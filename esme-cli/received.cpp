#include "received.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "smpp/codec/delivery_receipt.hpp"
#include "smpp/codec/describe.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/traffic/text.hpp"

namespace smpp::esme {
namespace {

using json = nlohmann::json;

bool udhi(const sm_body& b) { return (b.esm_class & 0x40) != 0; }

// A data_sm carries what a deliver_sm does, its text in message_payload: one shape for both.
sm_body as_sm(const data_sm_body& d) {
    sm_body b{.service_type = d.service_type, .source_addr_ton = d.source_addr_ton, .source_addr_npi = d.source_addr_npi,
              .source_addr = d.source_addr, .dest_addr_ton = d.dest_addr_ton, .dest_addr_npi = d.dest_addr_npi,
              .destination_addr = d.destination_addr, .esm_class = d.esm_class,
              .registered_delivery = d.registered_delivery, .data_coding = d.data_coding, .tlvs = d.tlvs};
    return b;
}

// The user data: short_message, or message_payload when short_message is empty.
std::string user_data(const sm_body& b) { return std::string(mc::message_of(b)); }

// Receipt fields as the line shows them; the receipts helper may grow delivery_receipt.
json receipt_json(const delivery_receipt& r) {
    json j{{"message_id", r.message_id}, {"stat", r.stat}, {"err", r.err}};
    if (r.state) j["state"] = mc::stat_of(*r.state);
    return j;
}

json address_json(std::uint8_t ton, std::uint8_t npi, const std::string& addr) {
    return {{"addr", *traffic::decode_text(addr, 0x03)}, {"ton", ton}, {"npi", npi}};
}

json tlvs_json(const sm_body& b) {
    json j = json::object();
    for (auto& f : describe_tlvs(b.tlvs, b.data_coding)) {
        if (f.name.starts_with("message_payload")) continue;  // that is the text
        if (f.number)
            j[f.name] = std::stoull(f.value);
        else
            j[f.name] = std::move(f.value);
    }
    return j;
}

std::string_view without_udh(std::string_view data, bool has_udh) {
    return data.substr(has_udh ? udh_size(data) : 0);
}

}  // namespace

received_log::received_log(const std::string& path, clock::duration reassembly_timeout)
    : out_(path, std::ios::trunc), open_(max_open, reassembly_timeout) {
    if (!out_) throw std::runtime_error("--received: cannot write " + path);
}

void received_log::on_request(const log::context& who, const pdu& request, clock::time_point now) {
    received_meta m{who.session, std::string(who.system_id), request.id, {}};
    if (const auto* sm = std::get_if<sm_body>(&request.body); sm && request.id == command_id::deliver_sm)
        m.body = *sm;
    else if (const auto* d = std::get_if<data_sm_body>(&request.body))
        m.body = as_sm(*d);
    else
        return;
    const std::string data = user_data(m.body);
    const auto part = traffic::find_part(udhi(m.body), data, m.body.tlvs);
    std::vector<parts::message> done;
    if (!part) {
        done = open_.expire(now);
        write(m, data, nullptr);
    } else {
        // Senders number their references per destination: the reference alone is not enough.
        parts::key k{m.system_id + '\n' + m.body.source_addr + '\n' + m.body.destination_addr, part->reference,
                     part->total};
        std::string body(without_udh(data, udhi(m.body)));
        done = open_.add(k, part->seqnum, std::move(body), std::move(m), now);
    }
    for (const auto& message : done) write(message.meta, message.octets, &message);
}

void received_log::finish() {
    for (const auto& message : open_.drain()) write(message.meta, message.octets, &message);
    out_.flush();
}

void received_log::write(const received_meta& m, std::string_view octets, const parts::message* assembled) {
    const auto& b = m.body;
    json j{{"session", m.session},
           {"system_id", *traffic::decode_text(m.system_id, 0x03)},
           {"command", name_of(m.command)},
           {"from", address_json(b.source_addr_ton, b.source_addr_npi, b.source_addr)},
           {"to", address_json(b.dest_addr_ton, b.dest_addr_npi, b.destination_addr)},
           {"esm_class", b.esm_class},
           {"data_coding", b.data_coding}};
    if (!assembled && udhi(b) && udh_size(octets) != 0) {
        j["udh"] = to_hex(octets.substr(0, udh_size(octets)));
        octets.remove_prefix(udh_size(octets));
    }
    if (auto text = traffic::decode_text(octets, b.data_coding))
        j["text"] = std::move(*text);
    else
        j["hex"] = to_hex(octets);
    j["tlvs"] = tlvs_json(b);
    if (const auto r = parse_receipt(b)) j["receipt"] = receipt_json(*r);
    if (assembled) {
        j["parts"] = assembled->total;
        j["complete"] = assembled->complete();
        if (!assembled->complete()) j["missing"] = assembled->missing;
    }
    out_ << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    out_.flush();
}

}  // namespace smpp::esme
