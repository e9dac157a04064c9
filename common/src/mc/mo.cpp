#include "smpp/mc/mo.hpp"

#include "smpp/mc/receipt.hpp"

namespace smpp::mc {
namespace {

constexpr std::uint8_t esm_udhi = 0x40;

}  // namespace

std::vector<sm_body> mo_bodies(const mo_message& m, traffic::long_mode mode, std::uint8_t reference) {
    const auto a = m.data_coding ? static_cast<traffic::alphabet>(*m.data_coding) : traffic::best_alphabet(m.text);
    const auto encoded = traffic::encode_text(m.text, a);
    if (!encoded) return {};
    sm_body base;
    base.source_addr = m.from;
    base.destination_addr = m.to;
    base.esm_class = m.esm_class;
    base.data_coding = static_cast<std::uint8_t>(a);
    base.tlvs = m.tlvs;
    std::vector<sm_body> bodies;
    for (auto& seg : traffic::split_for_sms(*encoded, a, mode, reference)) {
        auto& body = bodies.emplace_back(base);
        if (seg.udhi) body.esm_class |= esm_udhi;
        if (seg.payload)
            set_octets(body.tlvs, tag::message_payload, seg.octets);
        else
            body.short_message = std::move(seg.octets);
    }
    return bodies;
}

std::string with_counter(std::string_view pattern, std::uint64_t n) {
    constexpr std::string_view marker = "{n}";
    std::string out;
    for (auto at = pattern.find(marker); at != std::string_view::npos; at = pattern.find(marker)) {
        out.append(pattern.substr(0, at));
        out += std::to_string(n);
        pattern.remove_prefix(at + marker.size());
    }
    out.append(pattern);
    return out;
}

sm_body echo_of(const sm_body& submit) {
    sm_body mo = reply_to({submit.source_addr_ton, submit.source_addr_npi, submit.source_addr},
                          {submit.dest_addr_ton, submit.dest_addr_npi, submit.destination_addr});
    mo.esm_class = submit.esm_class & esm_udhi;
    mo.data_coding = submit.data_coding;
    mo.short_message = submit.short_message;
    if (const auto payload = get_octets(submit.tlvs, tag::message_payload)) set_octets(mo.tlvs, tag::message_payload, *payload);
    return mo;
}

std::size_t mo_rate::take_due(clock::time_point now) noexcept {
    if (!on_) return 0;
    std::size_t n = 0;
    // consume() moves the next time on by one interval each round, so this ends.
    while (pacer_.next(now) <= now) {
        pacer_.consume(now);
        ++n;
    }
    return n;
}

std::optional<mo_rate::clock::time_point> mo_rate::next_deadline(clock::time_point now) const noexcept {
    if (!on_) return std::nullopt;
    return pacer_.next(now);
}

void mo_script::start(clock::time_point now) noexcept {
    started_ = true;
    last_due_ = now;
}

std::optional<mo_script::clock::time_point> mo_script::next_deadline() const noexcept {
    if (!started_ || next_ >= lines_.size()) return std::nullopt;
    return last_due_ + lines_[next_].after;
}

}  // namespace smpp::mc
