#include "smpp/traffic/reassembly.hpp"

namespace smpp::traffic {
namespace {

bool plausible(const part_header& h) { return h.total >= 2 && h.seqnum >= 1 && h.seqnum <= h.total; }

std::optional<part_header> from_udh(std::string_view data) {
    if (data.empty()) return std::nullopt;
    const std::size_t end = 1 + static_cast<unsigned char>(data[0]);
    if (end > data.size()) return std::nullopt;
    const auto at = [&](std::size_t i) { return static_cast<std::uint8_t>(data[i]); };
    // Information elements: IEI, length, value; the first concatenation element counts.
    for (std::size_t i = 1; i + 2 <= end;) {
        const std::uint8_t iei = at(i), len = at(i + 1);
        if (i + 2 + len > end) return std::nullopt;
        if (iei == 0x00 && len == 3) return part_header{at(i + 2), at(i + 3), at(i + 4)};
        if (iei == 0x08 && len == 4)
            return part_header{static_cast<std::uint16_t>(at(i + 2) << 8 | at(i + 3)), at(i + 4), at(i + 5)};
        i += 2 + len;
    }
    return std::nullopt;
}

std::optional<part_header> from_sar(const tlv_list& tlvs) {
    const auto ref = get_u16(tlvs, tag::sar_msg_ref_num);
    const auto total = get_u8(tlvs, tag::sar_total_segments);
    const auto seq = get_u8(tlvs, tag::sar_segment_seqnum);
    if (!ref || !total || !seq) return std::nullopt;
    return part_header{*ref, *total, *seq};
}

}  // namespace

std::optional<part_header> find_part(bool udhi, std::string_view user_data, const tlv_list& tlvs) {
    auto h = udhi ? from_udh(user_data) : std::nullopt;
    if (!h) h = from_sar(tlvs);
    if (h && !plausible(*h)) return std::nullopt;
    return h;
}

}  // namespace smpp::traffic
