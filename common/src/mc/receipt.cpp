#include "smpp/mc/receipt.hpp"

#include <algorithm>
#include <cstdio>

namespace smpp::mc {
namespace {

constexpr std::uint8_t esm_class_delivery_receipt = 0x04;

}  // namespace

std::string receipt_date(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss time{floor<minutes>(t - day)};
    char out[32];  // ample: the compiler cannot prove every field stays two digits
    std::snprintf(out, sizeof out, "%02d%02u%02u%02d%02d", static_cast<int>(ymd.year()) % 100,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
    return out;
}

std::string receipt_text(const receipt_facts& facts) {
    char err[8];
    std::snprintf(err, sizeof err, "%03u", static_cast<unsigned>(facts.err % 1000));
    const bool delivered = facts.state == message_state::delivered;
    std::string out = "id:" + facts.message_id;
    out += " sub:001 dlvrd:";
    out += delivered ? "001" : "000";
    out += " submit date:" + receipt_date(facts.submitted);
    out += " done date:" + receipt_date(facts.done);
    out += " stat:" + facts.stat;
    out += " err:";
    out += err;
    out += " text:";
    out.append(facts.text, 0, std::min(facts.text.size(), receipt_text_octets));
    return out;
}

std::string message_of(const sm_body& submit) {
    if (!submit.short_message.empty()) return submit.short_message;
    for (const auto& t : submit.tlvs)
        if (t.tag == tag::message_payload) return t.value;
    return {};
}

sm_body receipt_body(const sm_body& submit, const receipt_facts& facts) {
    sm_body r;
    r.source_addr_ton = submit.dest_addr_ton;
    r.source_addr_npi = submit.dest_addr_npi;
    r.source_addr = submit.destination_addr;
    r.dest_addr_ton = submit.source_addr_ton;
    r.dest_addr_npi = submit.source_addr_npi;
    r.destination_addr = submit.source_addr;
    r.esm_class = esm_class_delivery_receipt;
    r.short_message = receipt_text(facts);
    std::string id = facts.message_id;
    id.push_back('\0');  // receipted_message_id is a C-string: the NUL travels too
    r.tlvs.push_back(tlv{tag::receipted_message_id, std::move(id)});
    r.tlvs.push_back(tlv{tag::message_state, std::string(1, static_cast<char>(facts.state))});
    return r;
}

}  // namespace smpp::mc
