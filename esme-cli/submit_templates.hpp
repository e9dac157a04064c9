#pragma once
// The submit_sm bodies of a run, built once per distinct message: a run of millions of copies
// of one synthetic message holds one template. Registers every message in the ledger; text
// that cannot be encoded is marked not sent there up front, with the reason.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "esme_options.hpp"
#include "smpp/codec/codec.hpp"
#include "smpp/traffic/pump.hpp"

namespace smpp::esme {

// Why `m` cannot be sent at all, or nullopt: its text has no encoding in its data_coding, or it
// needs more than 255 parts.
std::optional<std::string> unsendable(const outgoing_message& m, traffic::long_mode long_text);

class submit_templates {
public:
    submit_templates(const esme_options& options, traffic::ledger& book);

    // The submit_sm body for one part of one message.
    pdu_body body_for(traffic::part_ref p) const;

private:
    struct prepared {
        sm_body body;  // everything but the short message / payload and esm_class
        std::vector<traffic::segment> segments;
    };
    void add_template(const outgoing_message& m, traffic::long_mode long_text);
    void add_messages(traffic::ledger& book, std::uint64_t count, const outgoing_message& m);
    const prepared& template_of(std::uint32_t message) const;

    traffic::long_mode long_text_;
    std::vector<prepared> templates_;
    // Message -> templates_ index for the listed messages; synthetic ones use the last template.
    std::vector<std::uint32_t> template_of_;
};

}  // namespace smpp::esme
