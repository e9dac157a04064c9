// The receipt parser on anything an MC could send: the first octet is the esm_class, the second
// says which TLVs to add (bit 0 receipted_message_id, 1 message_state, 2 network_error_code), the
// next three feed them, and the rest is the short message. Whatever parses must name a message,
// and its id must find what was indexed under it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "check.hpp"
#include "smpp/codec/delivery_receipt.hpp"
#include "smpp/traffic/id_index.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace smpp;
    if (size < 5) return 0;
    const std::string input(reinterpret_cast<const char*>(data), size);
    sm_body b{.esm_class = data[0]};
    const std::uint8_t which = data[1];
    b.short_message = input.substr(5);
    if (which & 1) b.tlvs.push_back({tag::receipted_message_id, input.substr(5, data[2] % 70)});
    if (which & 2) b.tlvs.push_back({tag::message_state, input.substr(3, 1)});
    if (which & 4) b.tlvs.push_back({tag::network_error_code, input.substr(2, 3)});
    if (which & 8) b.tlvs.push_back({tag::message_payload, b.short_message});
    if (which & 16) b.short_message.clear();

    const auto r = parse_receipt(b);
    if (!r) return 0;
    SMPP_FUZZ_REQUIRE(is_receipt(b.esm_class));
    SMPP_FUZZ_REQUIRE(!r->message_id.empty());
    SMPP_FUZZ_REQUIRE(!r->final() || r->state.has_value());
    SMPP_FUZZ_REQUIRE(r->submit_date.empty() || r->submit_date.size() == 10 || r->submit_date.size() == 12);

    traffic::id_index ids;
    ids.reserve(2, 2);
    ids.add(0, r->message_id, true);
    ids.add(1, r->text_id, true);
    const auto found = ids.find(r->message_id);
    SMPP_FUZZ_REQUIRE(found.has_value());
    return 0;
}
