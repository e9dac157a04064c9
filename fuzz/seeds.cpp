// Writes the seed corpus: <dir>/codec/<name> holds one small valid PDU of each type (and a few
// error responses), <dir>/session/<name> holds scripts (script.hpp) for the common session paths
// in both roles, <dir>/receipt/<name> one receipt of each variant MCs send (receipt_fuzz.cpp's
// layout: esm_class, TLV choice, three TLV octets, text). The files are committed; re-run this after a codec or script format change:
//   fuzz_seeds fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "script.hpp"
#include "smpp/codec/codec.hpp"
#include "smpp/session/rules.hpp"

namespace {

using namespace smpp;
using namespace std::string_literals;
using fuzz::op;

struct named_pdu {
    const char* name;
    pdu p;
};

std::vector<named_pdu> samples() {
    const bind_body bind{.system_id = "esme", .password = "secret", .system_type = "t",
                         .addr_ton = 1, .addr_npi = 1, .address_range = "^44"};
    const sm_body sm{.service_type = "CMT", .source_addr = "447700900001", .destination_addr = "447700900002",
                     .registered_delivery = 1, .short_message = "hello",
                     .tlvs = {{tag::user_message_reference, "\x00\x07"s}}};
    const tlv_list payload{{tag::message_payload, "long text"}, {0x1403, "\xAB"}};
    return {
        {"bind_transmitter", {command_id::bind_transmitter, {}, 1, bind}},
        {"bind_receiver", {command_id::bind_receiver, {}, 1, bind}},
        {"bind_transceiver", {command_id::bind_transceiver, {}, 1, bind}},
        {"bind_transmitter_resp", {command_id::bind_transmitter_resp, {}, 1,
                                   bind_resp_body{"mc", {{tag::sc_interface_version, "\x34"}}}}},
        {"bind_receiver_resp", {command_id::bind_receiver_resp, {}, 1, bind_resp_body{"mc"}}},
        {"bind_transceiver_resp", {command_id::bind_transceiver_resp, {}, 1, bind_resp_body{"mc"}}},
        {"bind_transmitter_resp_error", make_header_only(command_id::bind_transmitter_resp, 1,
                                                         command_status::invalid_password)},
        {"outbind", {command_id::outbind, {}, 1, outbind_body{"mc", "pw"}}},
        {"unbind", make_header_only(command_id::unbind, 2)},
        {"unbind_resp", make_header_only(command_id::unbind_resp, 2)},
        {"enquire_link", make_header_only(command_id::enquire_link, 3)},
        {"enquire_link_resp", make_header_only(command_id::enquire_link_resp, 3)},
        {"generic_nack", make_header_only(command_id::generic_nack, 4, command_status::invalid_cmd_id)},
        {"submit_sm", {command_id::submit_sm, {}, 5, sm}},
        {"submit_sm_timed", {command_id::submit_sm, {}, 5,
                             sm_body{.source_addr = "1", .destination_addr = "2",
                                     .schedule_delivery_time = "261124123015304+",
                                     .validity_period = "000002030405000R", .short_message = "later"}}},
        {"submit_sm_payload", {command_id::submit_sm, {}, 5, sm_body{.data_coding = 8, .tlvs = payload}}},
        {"submit_sm_resp", {command_id::submit_sm_resp, {}, 5, sm_resp_body{"m1"}}},
        {"submit_sm_resp_error", make_header_only(command_id::submit_sm_resp, 5, command_status::throttled)},
        {"deliver_sm", {command_id::deliver_sm, {}, 6,
                        sm_body{.esm_class = 4, .short_message = "id:m1 stat:DELIVRD",
                                .tlvs = {{tag::receipted_message_id, "m1\0"s}, {tag::message_state, "\x02"}}}}},
        {"deliver_sm_resp", {command_id::deliver_sm_resp, {}, 6, sm_resp_body{}}},
        {"submit_multi", {command_id::submit_multi, {}, 7,
                          submit_multi_body{.source_addr = "1",
                                            .dest_addresses = {sme_address{1, 1, "2"}, distribution_list{"dl"}},
                                            .short_message = "hi"}}},
        {"submit_multi_resp", {command_id::submit_multi_resp, {}, 7,
                               submit_multi_resp_body{"m2", {{1, 1, "2", command_status::invalid_dest_addr}}}}},
        {"data_sm", {command_id::data_sm, {}, 8,
                     data_sm_body{.source_addr = "a@b", .destination_addr = "2", .tlvs = payload}}},
        {"data_sm_resp", {command_id::data_sm_resp, {}, 8,
                          data_sm_resp_body{"m3", {{tag::delivery_failure_reason, "\x01"}}}}},
        {"query_sm", {command_id::query_sm, {}, 9, query_sm_body{.message_id = "m1", .source_addr = "1"}}},
        {"query_sm_resp", {command_id::query_sm_resp, {}, 9,
                           query_sm_resp_body{"m1", "260101120000000+", 2, 0}}},
        {"cancel_sm", {command_id::cancel_sm, {}, 10, cancel_sm_body{.message_id = "m1", .source_addr = "1"}}},
        {"cancel_sm_resp", make_header_only(command_id::cancel_sm_resp, 10)},
        {"replace_sm", {command_id::replace_sm, {}, 11,
                        replace_sm_body{.message_id = "m1", .source_addr = "1",
                                        .validity_period = "000001000000000R", .short_message = "new"}}},
        {"replace_sm_resp", make_header_only(command_id::replace_sm_resp, 11)},
        {"alert_notification", {command_id::alert_notification, {}, 12,
                                alert_notification_body{.source_addr = "1", .esme_addr = "esme",
                                                        .tlvs = {{0x0422, "\x00"s}}}}},
    };
}

byte_buffer wire(const pdu& p) {
    byte_buffer out;
    if (encode(p, out) != command_status::ok) {
        std::fprintf(stderr, "fuzz_seeds: a sample PDU does not encode (0x%08x)\n",
                     static_cast<unsigned>(p.id));
        std::exit(1);
    }
    return out;
}

// Builds one session script.
class writer {
public:
    explicit writer(std::uint8_t config) { out_.push_back(config); }

    writer& feed(const pdu& p) {
        const auto bytes = wire(p);
        return code(op::feed).u16(bytes.size()).octets(bytes);
    }
    writer& advance(std::uint16_t ms) { return code(op::advance).u16(ms); }
    writer& bind(bind_type t) { return code(op::bind).u8(static_cast<std::uint8_t>(t)).text("esme"); }
    writer& accept() { return code(op::accept_bind).text("mc"); }
    writer& reject(command_status s) { return code(op::reject_bind).u8(static_cast<std::uint8_t>(s)); }
    writer& send(command_id id, std::uint8_t body) {
        std::uint8_t index = 0;
        while (fuzz::requests[index] != id) ++index;
        return code(op::send).u8(index).u8(body);
    }
    writer& respond(std::uint8_t which, std::uint8_t body) { return code(op::respond).u8(which).u8(0).u8(body); }
    writer& unbind() { return code(op::unbind); }
    writer& drain() { return code(op::drain); }
    const byte_buffer& bytes() const { return out_; }

private:
    writer& code(op o) { return u8(static_cast<std::uint8_t>(o)); }
    writer& u8(std::uint8_t v) {
        out_.push_back(v);
        return *this;
    }
    writer& u16(std::size_t v) { return u8(static_cast<std::uint8_t>(v >> 8)).u8(static_cast<std::uint8_t>(v)); }
    writer& octets(const byte_buffer& b) {
        out_.insert(out_.end(), b.begin(), b.end());
        return *this;
    }
    writer& text(const std::string& s) {
        u8(static_cast<std::uint8_t>(s.size()));
        out_.insert(out_.end(), s.begin(), s.end());
        return *this;
    }
    byte_buffer out_;
};

pdu with(pdu p, std::uint32_t sequence) {
    p.sequence = sequence;
    return p;
}

// The scripts follow the sequence numbers a session hands out: 1 for the first request.
std::vector<std::pair<const char*, byte_buffer>> scripts() {
    auto s = samples();
    auto find = [&s](std::string_view name) {
        for (const auto& n : s)
            if (n.name == name) return n.p;
        std::exit(1);
    };
    constexpr auto sm = fuzz::body_index<sm_body>;
    constexpr auto sm_resp = fuzz::body_index<sm_resp_body>;
    constexpr auto data_sm_resp = fuzz::body_index<data_sm_resp_body>;
    constexpr std::uint8_t mc = fuzz::config_bit::mc;

    writer esme(0);
    esme.bind(bind_type::transceiver)
        .feed(with(find("bind_transceiver_resp"), 1))
        .send(command_id::submit_sm, sm)
        .feed(with(find("submit_sm_resp"), 2))
        .feed(find("deliver_sm"))
        .respond(0, sm_resp)
        .send(command_id::data_sm, fuzz::body_index<data_sm_body>)
        .feed(with(find("data_sm_resp"), 3))
        .advance(30000)
        .feed(with(find("enquire_link_resp"), 4))
        .feed(find("enquire_link"))
        .drain()
        .unbind()
        .feed(with(find("unbind_resp"), 5))
        .drain();

    writer mc_session(mc);
    mc_session.feed(find("bind_transceiver"))
        .accept()
        .feed(find("submit_sm"))
        .respond(0, sm_resp)
        .feed(find("data_sm"))
        .respond(1, data_sm_resp)
        .feed(find("submit_multi"))
        .feed(find("query_sm"))
        .feed(find("cancel_sm"))
        .feed(find("replace_sm"))
        .send(command_id::deliver_sm, sm)
        .feed(with(find("deliver_sm_resp"), 1))
        .drain()
        .feed(find("unbind"))
        .drain();

    writer mc_reject(mc);
    mc_reject.feed(find("bind_transmitter")).reject(command_status::invalid_password).drain();

    writer esme_timeouts(0);
    esme_timeouts.bind(bind_type::transmitter)
        .feed(with(find("bind_transmitter_resp"), 1))
        .send(command_id::submit_sm, sm)
        .advance(11000)
        .advance(30000)
        .advance(11000)
        .drain();

    writer esme_outbind(0);
    esme_outbind.feed(find("outbind")).bind(bind_type::receiver).feed(with(find("bind_receiver_resp"), 1))
        .feed(find("deliver_sm")).respond(0, sm_resp).feed(find("alert_notification")).feed(find("unbind"));

    // The peer's last submit and its unbind_resp come in one read; the answer still goes out.
    writer mc_late_answer(mc);
    mc_late_answer.feed(find("bind_transmitter"))
        .accept()
        .unbind()
        .drain()
        .feed(find("submit_sm"))
        .feed(with(find("unbind_resp"), 1))
        .respond(0, sm_resp)
        .drain();

    writer esme_rejected(0);
    esme_rejected.bind(bind_type::transmitter).feed(with(find("bind_transmitter_resp_error"), 1));

    return {{"esme_transceiver", esme.bytes()},  {"mc_transceiver", mc_session.bytes()},
            {"mc_reject_bind", mc_reject.bytes()}, {"esme_timeouts", esme_timeouts.bytes()},
            {"esme_outbind", esme_outbind.bytes()}, {"esme_bind_rejected", esme_rejected.bytes()},
            {"mc_answers_after_unbind_resp", mc_late_answer.bytes()}};
}

// esm_class, which TLVs (receipt_fuzz.cpp), three octets for them, then the text.
byte_buffer receipt_seed(std::uint8_t esm_class, std::uint8_t tlvs, const std::string& text) {
    byte_buffer out{esm_class, tlvs, 10, 2, 0};
    out.insert(out.end(), text.begin(), text.end());
    return out;
}

std::vector<std::pair<const char*, byte_buffer>> receipts() {
    const std::string dates = " submit date:2601011200 done date:2601011201";
    return {
        {"standard", receipt_seed(4, 0, "id:1A2B3C sub:001 dlvrd:001" + dates + " stat:DELIVRD err:000 text:hello")},
        {"no_sub", receipt_seed(4, 0, "id:1A2B3C" + dates + " stat:UNDELIV err:001 text:x")},
        {"err4", receipt_seed(4, 0, "id:1A2B3C sub:001 dlvrd:000" + dates + " stat:UNDELIV err:1234 text:")},
        {"seconds", receipt_seed(4, 0, "id:42 submit date:260101120059 done date:260101120101 stat:DELIVRD err:000")},
        {"upper_case", receipt_seed(4, 0, "ID:1A2B3C SUB:001 DLVRD:001 SUBMIT DATE:2601011200 DONE DATE:2601011201 STAT:DELIVRD ERR:000 TEXT:Hi")},
        {"lower_case_stat", receipt_seed(4, 0, "id:7 stat:delivrd err:000")},
        {"tlv_only", receipt_seed(4, 1 | 2 | 4, "id12345")},
        {"text_and_tlvs", receipt_seed(4, 1 | 2, "id:9 stat:EXPIRED err:000")},
        {"intermediate", receipt_seed(0x20, 2, "id:5 sub:001 dlvrd:000" + dates + " stat:ENROUTE err:000")},
        {"payload", receipt_seed(4, 8 | 16, "id:8 stat:REJECTD err:002")},
    };
}

void write(const std::filesystem::path& file, const byte_buffer& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        std::fprintf(stderr, "fuzz_seeds: cannot write %s\n", file.c_str());
        std::exit(1);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_seeds <corpus dir>\n");
        return 2;
    }
    const std::filesystem::path root = argv[1];
    std::filesystem::create_directories(root / "codec");
    std::filesystem::create_directories(root / "session");
    std::filesystem::create_directories(root / "receipt");
    for (const auto& [name, p] : samples()) write(root / "codec" / name, wire(p));
    for (const auto& [name, bytes] : scripts()) write(root / "session" / name, bytes);
    for (const auto& [name, bytes] : receipts()) write(root / "receipt" / name, bytes);
    return 0;
}
